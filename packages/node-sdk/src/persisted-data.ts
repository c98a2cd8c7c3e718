/**
 * The last known data in a file, so a client that starts while the server is unreachable serves it
 * instead of defaults. Written after changes (debounced, through a temporary file and a rename, so a
 * crash leaves the old file whole) and on close; read once at start. A bad file is logged and ignored.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { FlagData } from './flag-store.js';
import type { Logger } from './logger.js';
import { parseFlagData } from './stream-message.js';

const WRITE_DELAY_MS = 1_000;

export class PersistedData {
  private timer: NodeJS.Timeout | undefined;
  private pending: (() => FlagData) | undefined;

  constructor(
    private readonly path: string,
    private readonly logger: Logger,
  ) {}

  read(): FlagData | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const data = parseFlagData(JSON.parse(text));
      if (data === undefined) throw new Error('no flags and segments');
      return data;
    } catch (error) {
      this.logger.warn(
        { path: this.path, error: String(error) },
        'the persisted flag data is unusable; ignored',
      );
      return undefined;
    }
  }

  /** Writes `data()` soon; later calls before the write share it. */
  schedule(data: () => FlagData): void {
    this.pending = data;
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => this.flush(), WRITE_DELAY_MS);
    this.timer.unref();
  }

  /** Writes what is pending now (on close). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const data = this.pending;
    this.pending = undefined;
    if (data === undefined) return;
    try {
      const temporary = `${this.path}.tmp`;
      writeFileSync(temporary, JSON.stringify(data()));
      renameSync(temporary, this.path);
    } catch (error) {
      this.logger.warn({ path: this.path, error: String(error) }, 'the flag data could not be persisted');
    }
  }
}
