/**
 * The embedded mode's insights writes on a worker thread of their own. The spool's
 * drainer stays on the ingest thread (reading and deleting rows is cheap); it hands
 * each round's rows to the thread, which decodes them and applies them to a sink it
 * opens from a module (as ConsumerThread does), so the synchronous SQLite transaction
 * never holds the event loop that answers SDKs. A round the thread did not finish (it
 * failed, or the thread died) stays in the spool and is handed on again; the sink
 * dedupes by payload ID. A thread that dies is started again.
 */
import type { Worker } from 'node:worker_threads';
import type { SpooledBatch } from './event-spool.js';
import type { PipelineLogger } from './pipeline-logger.js';
import type { ThreadLogRecord } from './threads/thread-log.js';
import { spawnWorker, workerEntry } from './threads/worker-entry.js';

/** What the thread is started with: plain data. */
export interface SinkThreadData {
  /** URL of a module exporting `openInsightsSink(config): Promise<ClosableInsightsSink>`. */
  readonly sinkModule: string;
  readonly sinkConfig: unknown;
}

/** A spooled row as it crosses to the thread. */
export type SinkRow = Pick<SpooledBatch, 'payloadId' | 'accountKey' | 'body'>;

export type SinkCall =
  | { readonly id: number; readonly call: 'apply'; readonly rows: readonly SinkRow[] }
  | { readonly id: number; readonly call: 'close' };

export type SinkMessage = { readonly id: number; readonly error?: string } | ThreadLogRecord;

const RESPAWN_MS = 1000;

const ENTRY = workerEntry(import.meta.url, 'sink-thread-main');

export class SinkThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  private nextId = 0;
  private closing = false;

  constructor(
    private readonly data: SinkThreadData,
    private readonly log: PipelineLogger,
  ) {
    this.worker = this.spawn();
  }

  /** Applies the rows on the thread; rejects when they were not all applied. */
  apply(rows: readonly SpooledBatch[]): Promise<void> {
    const sent: SinkRow[] = rows.map(({ payloadId, accountKey, body }) => ({ payloadId, accountKey, body }));
    return this.call((id) => ({ id, call: 'apply', rows: sent }));
  }

  /** Closes the thread's sink, then the thread (at most `timeoutMs` for the sink). */
  async close(timeoutMs = 5000): Promise<void> {
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.call((id) => ({ id, call: 'close' })).catch(() => {}),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    await this.worker?.terminate();
  }

  private spawn(): Worker {
    const worker = spawnWorker(
      ENTRY,
      this.data,
      ENTRY.href.endsWith('.ts') || this.data.sinkModule.endsWith('.ts'),
    );
    worker.on('message', (message: SinkMessage) => {
      if ('log' in message) {
        this.log[message.log](message.fields, message.message);
        return;
      }
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error === undefined) waiting?.resolve();
      else waiting?.reject(new Error(message.error));
    });
    worker.on('error', (err) => this.log.error({ err }, 'the insights thread failed'));
    worker.on('exit', (code) => {
      this.worker = undefined;
      const lost = [...this.pending.values()];
      this.pending.clear();
      for (const waiting of lost) waiting.reject(new Error('the insights thread stopped'));
      if (this.closing) return;
      this.log.error({ code }, 'the insights thread stopped; starting it again');
      setTimeout(() => {
        if (!this.closing) this.worker = this.spawn();
      }, RESPAWN_MS).unref();
    });
    return worker;
  }

  private call(request: (id: number) => SinkCall): Promise<void> {
    const worker = this.worker;
    if (worker === undefined) return Promise.reject(new Error('the insights thread is restarting'));
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage(request(id));
    });
  }
}
