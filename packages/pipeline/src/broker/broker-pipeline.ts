/**
 * The RabbitMQ mode: broker first, spool as fallback. `accept` publishes a folded post, together with the other posts of the same turn for the same shard, and
 * resolves 'broker' after the confirm; when the broker cannot take it (down, blocked,
 * nack, window full, confirm timeout) it appends the post alone to the spool and
 * resolves 'spool'.
 * A relay drains the spool to the broker, oldest first, whenever the publisher is
 * healthy, deleting rows only after their confirm.
 */

import { encodeMessage } from '../events/event-batch.js';
import type { EncodedPost } from '../events/event-post.js';
import type { PipelineLogger } from '../pipeline-logger.js';
import { type Durability, type EventPipeline, PipelineClosedError, type PipelineStatus } from '../ports.js';
import type { EventSpool } from '../spool/event-spool.js';
import { SpoolDrainer } from '../spool/spool-drainer.js';
import type { SpooledBatch } from '../spool/spool-reads.js';
import { waitUntil } from '../wait-until.js';
import type { AmqpPublisher } from './amqp-publisher.js';
import { PublishCoalescer } from './publish-coalescer.js';

/** The shard consumers, on this thread (AmqpConsumer) or on their own (ConsumerThread). */
export interface EventConsumer {
  readonly mode: 'in-process' | 'thread';
  readonly channelsOpened: number;
  /** Nothing delivered waits for, or is in, an apply. */
  idle(): boolean | Promise<boolean>;
  close(): Promise<void>;
}

export interface BrokerPipelineOptions {
  readonly spool: EventSpool;
  /** Built with `onReady` wired to this pipeline's `publisherReady()`. */
  readonly publisher: AmqpPublisher;
  /** Absent when this node does not consume. */
  readonly consumer?: EventConsumer;
  readonly log: PipelineLogger;
  /** Rows per relay round; a relay round leaves the rest of the window to live traffic. */
  readonly relayBatch: number;
  /** The most posts of one turn that share a message. */
  readonly postsPerMessage: number;
}

export class BrokerPipeline implements EventPipeline {
  private readonly relay: SpoolDrainer;
  private readonly coalescer: PublishCoalescer;
  private closed = false;

  constructor(private readonly options: BrokerPipelineOptions) {
    const { spool, publisher, log } = options;
    this.coalescer = new PublishCoalescer({
      shardOf: (account) => publisher.shardOf(account),
      send: (shard, body, messageId) => publisher.publish(shard, body, messageId),
      maxPosts: options.postsPerMessage,
      maxBytes: 1024 * 1024,
      lingerMs: 2,
      busy: () => publisher.inflight > 0,
    });
    this.relay = new SpoolDrainer({
      spool,
      log,
      name: 'relay',
      maxRows: options.relayBatch,
      maxBytes: 8 * 1024 * 1024,
      ready: () => publisher.canPublish(),
      handOn: (rows) => this.publishRows(rows),
    });
  }

  /** The publisher may take batches again: let the relay look at the spool. */
  publisherReady(): void {
    this.relay.wake();
  }

  accept(post: EncodedPost): Promise<Durability> {
    if (this.closed) return Promise.reject(new PipelineClosedError());
    return this.deliver(post);
  }

  private async deliver(post: EncodedPost): Promise<Durability> {
    const { publisher, spool } = this.options;
    // Nothing to wait for when the broker would refuse it anyway.
    if (publisher.canPublish() && (await this.coalescer.add(post.accountKey, post.payloadId, post.json)))
      return 'broker';
    await spool.append(post, encodeMessage([post.json]));
    return 'spool';
  }

  status(): PipelineStatus {
    const { publisher, consumer, spool } = this.options;
    return {
      broker: publisher.state(),
      consumer: consumer?.mode ?? 'none',
      spool: spool.status(Date.now()),
      inflight: publisher.inflight,
      channelsOpened: publisher.channelsOpened + (consumer?.channelsOpened ?? 0),
      publishes: { ...publisher.counters },
    };
  }

  async backlog(): Promise<number | undefined> {
    const depths = await this.options.publisher.queueDepths();
    return depths?.reduce((sum, d) => sum + d, 0);
  }

  /**
   * Spool empty, no confirm pending, the shard queues empty and (when this node
   * consumes) nothing delivered still waiting for its apply, seen twice in a row so a
   * delivery on its way from the queue to the consumer is not missed. For tests and
   * shutdown on one node; other nodes' consumers are not visible from here.
   */
  drained(timeoutMs: number): Promise<boolean> {
    let streak = 0;
    return waitUntil(
      async () => {
        streak = (await this.quiet()) ? streak + 1 : 0;
        return streak >= 2;
      },
      timeoutMs,
      50,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const { publisher, consumer, spool } = this.options;
    this.coalescer.flushAll();
    await this.relay.stop(5000);
    await publisher.close();
    await consumer?.close();
    await spool.close();
  }

  private async quiet(): Promise<boolean> {
    const { publisher, consumer, spool } = this.options;
    const { batches, pending } = spool.stats();
    if (batches > 0 || pending > 0 || this.coalescer.pending > 0) return false;
    if (publisher.inflight > 0 || this.relay.busy) return false;
    if (consumer !== undefined && !(await consumer.idle())) return false;
    const depths = await publisher.queueDepths();
    return depths?.every((d) => d === 0) ?? false;
  }

  private async publishRows(rows: readonly SpooledBatch[]): Promise<SpooledBatch[]> {
    const { publisher } = this.options;
    const outcomes = await Promise.all(
      rows.map((row) => publisher.publish(publisher.shardOf(row.accountKey), row.body, row.payloadId)),
    );
    return rows.filter((_, i) => outcomes[i]);
  }
}
