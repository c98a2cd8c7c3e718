/**
 * The embedded mode's insights writes on a worker thread of their own. The spool's
 * drainer stays on the ingest thread (reading and deleting rows is cheap); it hands
 * each round's rows to the thread, which decodes them and applies them to a sink it
 * opens from a module (as ConsumerThread does), so the synchronous SQLite transaction
 * never holds the event loop that answers SDKs. A round the thread did not finish (it
 * failed, or the thread died) stays in the spool and is handed on again; the sink
 * dedupes by payload ID. A thread that dies is started again (by its ThreadHost).
 */

import type { PipelineLogger } from '../pipeline-logger.js';
import type { SpooledBatch } from '../spool/spool-reads.js';
import { type SinkModuleData, startSinkModuleThread } from '../threads/sink-module.js';
import type { ThreadHost } from '../threads/thread-host.js';
import { workerEntry } from '../threads/worker-entry.js';

/** What the thread is started with: plain data. */
export type SinkThreadData = SinkModuleData;

/** A spooled row as it crosses to the thread. */
export type SinkRow = Pick<SpooledBatch, 'payloadId' | 'accountKey' | 'body'>;

export type SinkCall =
  | { readonly call: 'apply'; readonly rows: readonly SinkRow[] }
  | { readonly call: 'close' };

const ENTRY = workerEntry(import.meta.url, 'sink-thread-main');

export class SinkThread {
  private readonly host: ThreadHost<SinkCall, void>;

  constructor(data: SinkThreadData, log: PipelineLogger) {
    this.host = startSinkModuleThread('the insights thread', ENTRY, data, log);
  }

  /** Applies the rows on the thread; rejects when they were not all applied. */
  apply(rows: readonly SpooledBatch[]): Promise<void> {
    const sent: SinkRow[] = rows.map(({ payloadId, accountKey, body }) => ({ payloadId, accountKey, body }));
    return this.host.call({ call: 'apply', rows: sent });
  }

  /** Closes the thread's sink, then the thread (at most `timeoutMs` for the sink). */
  async close(timeoutMs = 5000): Promise<void> {
    void this.host.call({ call: 'close' }).catch(() => {});
    await this.host.close(timeoutMs);
  }
}
