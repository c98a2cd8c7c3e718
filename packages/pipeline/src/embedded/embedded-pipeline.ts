/**
 * The embedded mode (no broker configured): the spool is the queue. `accept` resolves
 * once the batch is committed to the spool; a drainer reads the spool oldest first in
 * micro-batches, applies them to the sink (here, or on the insights thread) and
 * deletes rows only after `apply` resolved.
 */
import { decodeFolded, encodeMessage } from '../events/event-batch.js';
import type { EncodedPost, FoldedBatch } from '../events/event-post.js';
import type { PipelineLogger } from '../pipeline-logger.js';
import {
  type Durability,
  type EventPipeline,
  type InsightsSink,
  PipelineClosedError,
  type PipelineStatus,
} from '../ports.js';
import type { EventSpool } from '../spool/event-spool.js';
import { SpoolDrainer } from '../spool/spool-drainer.js';
import { waitUntil } from '../wait-until.js';
import type { SinkRow, SinkThread } from './sink-thread.js';

export interface EmbeddedPipelineOptions {
  readonly spool: EventSpool;
  readonly sink: InsightsSink;
  /** When given, rows are decoded and applied on this thread instead of `sink` here. */
  readonly thread?: Pick<SinkThread, 'apply' | 'close'>;
  readonly log: PipelineLogger;
  /** Batches per `sink.apply` call. */
  readonly maxBatches?: number;
  /** Bytes per `sink.apply` call (at least one batch). */
  readonly maxBytes?: number;
  /** How long `close()` waits for an `apply` in progress. */
  readonly closeTimeoutMs?: number;
}

export class EmbeddedPipeline implements EventPipeline {
  private readonly drainer: SpoolDrainer;
  private closed = false;

  constructor(private readonly options: EmbeddedPipelineOptions) {
    const { spool, sink, thread, log } = options;
    this.drainer = new SpoolDrainer({
      spool,
      log,
      name: 'embedded-consumer',
      maxRows: options.maxBatches ?? 256,
      maxBytes: options.maxBytes ?? 4 * 1024 * 1024,
      handOn: async (rows) => {
        if (thread !== undefined) await thread.apply(rows);
        else {
          const batches = decodeRows(rows, log);
          if (batches.length > 0) await sink.apply(batches);
        }
        return rows;
      },
    });
  }

  accept(post: EncodedPost): Promise<Durability> {
    if (this.closed) return Promise.reject(new PipelineClosedError());
    return this.options.spool.append(post, encodeMessage([post.json])).then(() => 'spool');
  }

  status(): PipelineStatus {
    return {
      broker: 'none',
      consumer: this.options.thread === undefined ? 'in-process' : 'thread',
      spool: this.options.spool.status(Date.now()),
      inflight: 0,
      channelsOpened: 0,
    };
  }

  async backlog(): Promise<number> {
    return this.options.spool.stats().batches;
  }

  drained(timeoutMs: number): Promise<boolean> {
    return waitUntil(() => {
      const { batches, pending } = this.options.spool.stats();
      return batches === 0 && pending === 0 && !this.drainer.busy;
    }, timeoutMs);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.drainer.stop(this.options.closeTimeoutMs ?? 5000);
    await this.options.thread?.close(this.options.closeTimeoutMs ?? 5000);
    await this.options.spool.close();
  }
}

/**
 * Decodes spooled rows. A row that does not decode can never be applied; it is logged
 * and skipped (its row is deleted with the others), so it cannot block every batch
 * behind it.
 */
export function decodeRows(rows: readonly SinkRow[], log: PipelineLogger): FoldedBatch[] {
  const batches: FoldedBatch[] = [];
  for (const row of rows) {
    try {
      batches.push(...decodeFolded(row.body));
    } catch (err) {
      log.error(
        { err, payloadId: row.payloadId, account: row.accountKey },
        'dropping an undecodable spooled batch',
      );
    }
  }
  return batches;
}
