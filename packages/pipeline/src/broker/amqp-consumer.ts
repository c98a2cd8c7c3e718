/**
 * Competing consumers on the shard queues, on their own connection (a blocked
 * publishing connection must never hold up acks). Deliveries are applied to the sink
 * in micro-batches and acknowledged (`multiple`) only after `apply` resolved. A failing
 * sink is retried with backoff while the deliveries stay unacknowledged (prefetch
 * bounds how many); if the channel dies meanwhile the broker redelivers them, and the
 * sink dedupes by payload ID.
 */
import type { Channel, ConsumeMessage } from 'amqplib';
import { backoffDelay, Wakeup } from '../backoff.js';
import { decodeFolded } from '../events/event-batch.js';
import type { FoldedBatch } from '../events/event-post.js';
import type { PipelineLogger } from '../pipeline-logger.js';
import type { InsightsSink } from '../ports.js';
import { AmqpConnection } from './amqp-connection.js';
import { declareTopology, shardQueue, type TopologySettings } from './amqp-topology.js';

export interface AmqpConsumerOptions extends TopologySettings {
  readonly url: string;
  readonly heartbeatSeconds: number;
  readonly connectionName: string;
  /** Unacknowledged deliveries per shard consumer. */
  readonly prefetch: number;
  readonly sink: InsightsSink;
  readonly log: PipelineLogger;
  readonly maxBatches?: number;
  readonly maxBytes?: number;
  /**
   * How long a micro-batch waits to fill before it is applied (default 25 ms): under
   * load, one transaction then folds hundreds of deliveries instead of a few.
   */
  readonly lingerMs?: number;
}

interface Delivery {
  readonly message: ConsumeMessage;
  readonly channel: Channel;
}

/** A cancelled consumer (its queue deleted, a failover) is re-subscribed after this long. */
const RECONSUME_MS = 1000;

export class AmqpConsumer {
  private readonly connection: AmqpConnection;
  private channel: Channel | undefined;
  private buffer: Delivery[] = [];
  private applying = false;
  private closing = false;
  private readonly stopSignal = new Wakeup();
  private running: Promise<void> = Promise.resolve();
  /** Deliveries acknowledged after their apply. */
  acknowledged = 0;
  readonly mode = 'in-process';

  constructor(private readonly options: AmqpConsumerOptions) {
    this.connection = new AmqpConnection({
      url: options.url,
      heartbeatSeconds: options.heartbeatSeconds,
      connectionName: options.connectionName,
      log: options.log,
      setup: async (open) => {
        const channel = await open.channel();
        await declareTopology(channel, options);
        // Per consumer (not global): each shard gets its own window.
        await channel.prefetch(options.prefetch, false);
        this.buffer = [];
        this.channel = channel;
        for (let shard = 0; shard < options.shards; shard++) await this.consume(channel, shard);
      },
      onDown: () => {
        // Unacknowledged deliveries go back to the queue with the channel.
        this.channel = undefined;
        this.buffer = [];
      },
    });
  }

  get channelsOpened(): number {
    return this.connection.channelsOpened;
  }

  get isUp(): boolean {
    return this.connection.isUp;
  }

  /** Nothing delivered is waiting for, or in, an apply. */
  idle(): boolean {
    return this.buffer.length === 0 && !this.applying;
  }

  waitUp(timeoutMs: number): Promise<boolean> {
    return this.connection.waitUp(timeoutMs);
  }

  async close(timeoutMs = 5000): Promise<void> {
    this.closing = true;
    this.stopSignal.wake();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    await this.connection.close();
  }

  private async consume(channel: Channel, shard: number): Promise<void> {
    const queue = shardQueue(this.options.prefix, shard);
    await channel.consume(
      queue,
      (message) => {
        if (message === null) {
          // The broker cancelled this consumer; subscribe again once the queue is back.
          this.options.log.warn({ queue }, 'the broker cancelled a consumer');
          setTimeout(() => void this.reconsume(channel, shard), RECONSUME_MS);
          return;
        }
        this.buffer.push({ message, channel });
        if (!this.applying) this.running = this.drain();
      },
      { noAck: false },
    );
  }

  private async reconsume(channel: Channel, shard: number): Promise<void> {
    if (channel !== this.channel || this.closing) return;
    try {
      await declareTopology(channel, this.options);
      await this.consume(channel, shard);
    } catch (err) {
      this.options.log.error({ err, shard }, 'could not consume again after a cancel');
      this.connection.recycle('re-consume failed');
    }
  }

  private async drain(): Promise<void> {
    this.applying = true;
    try {
      while (this.buffer.length > 0 && !this.closing) {
        if (this.buffer.length < (this.options.maxBatches ?? 256))
          await new Promise((resolve) => setTimeout(resolve, this.options.lingerMs ?? 25));
        const take = this.takeBatch();
        const channel = take[0]?.channel;
        if (channel === undefined || channel !== this.channel) continue;
        const batches = this.decode(take);
        if (!(await this.applyWithRetry(batches, channel))) continue;
        const last = take[take.length - 1];
        if (last === undefined || channel !== this.channel) continue;
        try {
          channel.ack(last.message, true);
          this.acknowledged += take.length;
        } catch (err) {
          // The channel closed after the apply: a redelivery follows, and the sink dedupes it.
          this.options.log.warn({ err }, 'could not acknowledge applied deliveries');
        }
      }
    } finally {
      this.applying = false;
    }
  }

  /** True once applied; false if the channel went away or we are closing (no ack then). */
  private async applyWithRetry(batches: readonly FoldedBatch[], channel: Channel): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        if (batches.length > 0) await this.options.sink.apply(batches);
        return true;
      } catch (err) {
        this.options.log.warn(
          { err, batches: batches.length, attempt },
          'the insights sink failed; retrying',
        );
      }
      await this.stopSignal.wait(backoffDelay(attempt));
      if (this.closing || channel !== this.channel) return false;
    }
  }

  private takeBatch(): Delivery[] {
    const maxBatches = this.options.maxBatches ?? 256;
    const maxBytes = this.options.maxBytes ?? 4 * 1024 * 1024;
    let count = 0;
    let bytes = 0;
    for (const delivery of this.buffer) {
      if (count >= maxBatches || (count > 0 && bytes + delivery.message.content.length > maxBytes)) break;
      bytes += delivery.message.content.length;
      count += 1;
    }
    return this.buffer.splice(0, count);
  }

  private decode(deliveries: readonly Delivery[]): FoldedBatch[] {
    const batches: FoldedBatch[] = [];
    for (const { message } of deliveries) {
      try {
        batches.push(...decodeFolded(message.content));
      } catch (err) {
        // It can never be applied; acknowledging it with the others keeps it from blocking the shard.
        this.options.log.error(
          { err, messageId: message.properties.messageId },
          'dropping an undecodable delivery',
        );
      }
    }
    return batches;
  }
}
