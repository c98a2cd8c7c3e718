/**
 * The pipeline's ports: what it needs from the outside (where insights are written)
 * and what it offers to ingest (durable accept).
 */
import type { EncodedPost, FoldedBatch } from './events/event-post.js';

/**
 * Where consumers add folded posts. `apply` writes, in one transaction, each post's
 * counts together with its payload ID, skipping posts whose payload ID was applied
 * before (at-least-once delivery, applied once). It resolves after commit; only then
 * is the delivery acknowledged.
 */
export interface InsightsSink {
  apply(batches: readonly FoldedBatch[]): Promise<void>;
}

/** A sink a consumer thread opens for itself (`openInsightsSink(config)` in a sink module) and closes. */
export interface ClosableInsightsSink extends InsightsSink {
  close(): Promise<void>;
}

/** Where a batch was made durable before the 202. */
export type Durability = 'broker' | 'spool';

/** The pipeline could not take a batch without risking it; ingest answers 503/429 with Retry-After. */
export class ShedError extends Error {
  override readonly name = 'ShedError';
  constructor(
    readonly reason: 'spool-full' | 'account-share',
    readonly retryAfterSeconds: number,
  ) {
    super(
      reason === 'spool-full' ? 'The event spool is full' : "The account's share of the event spool is full",
    );
  }
}

/** `accept` after `close()` (shutdown in progress); ingest answers 503. */
export class PipelineClosedError extends Error {
  override readonly name = 'PipelineClosedError';
  readonly code = 'PIPELINE_CLOSED';
  constructor() {
    super('The event pipeline is shutting down');
  }
}

export interface PipelineStatus {
  /** `none` in embedded mode (the spool is the queue). */
  readonly broker: 'none' | 'connected' | 'blocked' | 'down';
  /**
   * Where this node's consumers run: on the event loop (`in-process`; the embedded
   * spool's drainer, or the shard consumers), on a worker thread (`thread`), or nowhere
   * (`none`, an ingest-only node).
   */
  readonly consumer: 'in-process' | 'thread' | 'none';
  readonly spool: {
    readonly batches: number;
    readonly bytes: number;
    /** How long the oldest spooled batch has waited, in ms; absent when the spool is empty. */
    readonly oldestAgeMs?: number;
  };
  /** Publishes waiting for a broker confirm. */
  readonly inflight: number;
  /** Broker channels this process has opened since start (must stay a small constant). */
  readonly channelsOpened: number;
  /** RabbitMQ mode: publish outcomes since start, for metrics (a rising `nacked` is a full shard). */
  readonly publishes?: {
    readonly confirmed: number;
    readonly nacked: number;
    readonly returned: number;
    readonly timedOut: number;
    /** Sent to the spool without trying the broker: down, blocked, window or buffer full, stalled. */
    readonly refused: number;
  };
}

export interface EventPipeline {
  /**
   * Resolves once the folded post (see `encodeBatch`) is durable: confirmed by the
   * broker, or fsynced into the local spool. Rejects with ShedError when neither can
   * take it. Never waits without bound (broker confirms time out into the spool).
   */
  accept(post: EncodedPost): Promise<Durability>;
  status(): PipelineStatus;
  /**
   * Batches accepted but not yet applied to insights, where this node can see them: the
   * shard queues' ready messages (RabbitMQ; undefined when the broker cannot be asked),
   * or the spool's batches (embedded: the spool is the queue). The consumers' lag.
   */
  backlog(): Promise<number | undefined>;
  /** Resolves when the spool is empty and every accepted batch has been applied (tests, shutdown). */
  drained(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}
