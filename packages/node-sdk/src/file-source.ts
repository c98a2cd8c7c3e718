/**
 * The file data source: loads flag files at start and, with `autoUpdate`, again whenever one
 * changes. A file that cannot be read or parsed is logged and the last good data kept. Each item's
 * version is raised when its content changes between loads, so the client's change listeners fire
 * for exactly the items that changed, even when the file's author left the versions alone.
 */
import { type FSWatcher, readFileSync, watch } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { DataSink, DataSource } from './data-source.js';
import { type FileParse, parseFlagFiles } from './file-flag-data.js';
import type { FlagData } from './flag-store.js';
import type { Logger } from './logger.js';

type Item = Record<string, unknown>;

/** Editors write in bursts (truncate, write, rename): one reload after the burst. */
const RELOAD_DELAY_MS = 50;

export class FileSource implements DataSource {
  private readonly paths: readonly string[];
  private readonly watchers: FSWatcher[] = [];
  private readonly loaded = new Map<string, { text: string; version: number }>();
  private timer: NodeJS.Timeout | undefined;
  private sink: DataSink | undefined;

  constructor(
    paths: readonly string[],
    private readonly autoUpdate: boolean,
    private readonly logger: Logger,
  ) {
    this.paths = paths.map((path) => resolve(path));
  }

  start(sink: DataSink): void {
    this.sink = sink;
    if (this.autoUpdate) this.watch();
    this.load();
  }

  close(): void {
    this.sink = undefined;
    clearTimeout(this.timer);
    for (const watcher of this.watchers) watcher.close();
    this.watchers.length = 0;
  }

  /** Watches each file's folder, not the file, so a file replaced by a rename is still seen. */
  private watch(): void {
    const names = new Map<string, Set<string>>();
    for (const path of this.paths) {
      const folder = dirname(path);
      names.set(folder, (names.get(folder) ?? new Set()).add(basename(path)));
    }
    for (const [folder, files] of names) {
      try {
        const watcher = watch(folder, (_event, name) => {
          if (name === null || files.has(name.toString())) this.reloadSoon();
        });
        watcher.on('error', (error) =>
          this.logger.warn({ folder, error: String(error) }, 'watching the flag files failed'),
        );
        watcher.unref();
        this.watchers.push(watcher);
      } catch (error) {
        this.logger.warn({ folder, error: String(error) }, 'the flag files cannot be watched');
      }
    }
  }

  private reloadSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.load(), RELOAD_DELAY_MS);
    this.timer.unref();
  }

  private load(): void {
    const sink = this.sink;
    if (sink === undefined) return;
    const parsed = this.read();
    if ('data' in parsed) {
      sink.init(this.versioned(parsed.data));
      sink.status('valid');
      return;
    }
    this.logger.warn({ error: parsed.error }, 'the flag files are unusable; keeping the last good data');
    sink.status('interrupted', new Error(parsed.error));
  }

  private read(): FileParse {
    try {
      return parseFlagFiles(this.paths.map((path) => ({ path, text: readFileSync(path, 'utf8') })));
    } catch (error) {
      return { error: String(error) };
    }
  }

  private versioned(data: FlagData): FlagData {
    const next = (kind: string, items: Readonly<Record<string, Item>>) =>
      Object.fromEntries(
        Object.entries(items).map(([key, item]) => {
          const id = `${kind}/${key}`;
          const text = JSON.stringify(item);
          const own = typeof item.version === 'number' ? item.version : 1;
          const before = this.loaded.get(id);
          const version =
            before === undefined
              ? own
              : before.text === text
                ? before.version
                : Math.max(own, before.version + 1);
          this.loaded.set(id, { text, version });
          return [key, { ...item, version }];
        }),
      );
    return { flags: next('flags', data.flags), segments: next('segments', data.segments) };
  }
}
