/**
 * Publishes batches to the shard queues on a fixed set of confirm channels, with our
 * own bounds around amqplib (which has none while the broker is blocked or silent):
 * a bounded in-flight window, a confirm timeout, `blocked` → refuse at once, the
 * channel's `drain` respected, and `mandatory` with return handling. `publish` never
 * throws and never waits without bound: it resolves true after the broker's confirm,
 * false when the caller should spool the batch instead (a false may still have landed:
 * consumers dedupe by payload ID).
 */
import type { Channel, ConfirmChannel, Message } from 'amqplib';
import type { PipelineLogger } from '../pipeline-logger.js';
import { AmqpConnection } from './amqp-connection.js';
import {
  declareTopology,
  exchangeName,
  shardQueue,
  shardRoutingKey,
  type TopologySettings,
} from './amqp-topology.js';
import { shardFor } from './shard-for.js';

export interface AmqpPublisherOptions extends TopologySettings {
  readonly url: string;
  readonly confirmChannels: number;
  readonly maxInflight: number;
  readonly confirmTimeoutMs: number;
  readonly heartbeatSeconds: number;
  readonly connectionName: string;
  readonly log: PipelineLogger;
  /** Called when publishing may have become possible again (reconnect, unblock, drain, window). */
  readonly onReady?: () => void;
}

export type PublisherState = 'connected' | 'blocked' | 'down';

export interface PublisherCounters {
  confirmed: number;
  nacked: number;
  returned: number;
  timedOut: number;
  /** Publishes refused up front (down, blocked, window full, stalled, buffer full). */
  refused: number;
}

interface Slot {
  readonly channel: ConfirmChannel;
  writable: boolean;
  /** Message IDs the broker returned as unroutable; their ack that follows is not a success. */
  readonly returned: Set<string>;
}

interface Waiting {
  readonly settle: (confirmed: boolean) => void;
}

export class AmqpPublisher {
  private readonly connection: AmqpConnection;
  private readonly exchange: string;
  private slots: Slot[] = [];
  private topology: Channel | undefined;
  private next = 0;
  /** Publishes handed to amqplib that it has not settled yet (ack, nack or channel close). */
  private libraryInflight = 0;
  private blocked = false;
  /** A confirm timed out: refuse until the broker settles something again. */
  private stalled = false;
  private readonly waiting = new Set<Waiting>();
  readonly counters: PublisherCounters = { confirmed: 0, nacked: 0, returned: 0, timedOut: 0, refused: 0 };

  constructor(private readonly options: AmqpPublisherOptions) {
    this.exchange = exchangeName(options.prefix);
    this.connection = new AmqpConnection({
      url: options.url,
      heartbeatSeconds: options.heartbeatSeconds,
      connectionName: options.connectionName,
      log: options.log,
      setup: async (open) => {
        // Topology on its own channel: a declare error never closes a publishing channel.
        const topology = await open.channel();
        await declareTopology(topology, options);
        const slots: Slot[] = [];
        for (let i = 0; i < options.confirmChannels; i++) slots.push(this.wire(await open.confirmChannel()));
        this.topology = topology;
        this.slots = slots;
        this.stalled = false;
        this.blocked = false;
      },
      onUp: () => options.onReady?.(),
      onDown: () => {
        this.slots = [];
        this.topology = undefined;
      },
      onBlocked: (reason) => {
        this.blocked = true;
        options.log.warn({ reason }, 'the broker blocked publishing; batches go to the spool');
        // Callers waiting for a confirm go to the spool now, not after the confirm timeout.
        for (const waiting of [...this.waiting]) waiting.settle(false);
      },
      onUnblocked: () => {
        this.blocked = false;
        options.log.info({}, 'the broker unblocked publishing');
        options.onReady?.();
      },
    });
  }

  get channelsOpened(): number {
    return this.connection.channelsOpened;
  }

  /** Publishes waiting for a confirm from the broker. */
  get inflight(): number {
    return this.libraryInflight;
  }

  state(): PublisherState {
    if (!this.connection.isUp || this.slots.length === 0) return 'down';
    return this.blocked ? 'blocked' : 'connected';
  }

  /** Whether a publish now would be handed to the broker rather than refused. */
  canPublish(): boolean {
    return (
      this.state() === 'connected' &&
      !this.stalled &&
      this.libraryInflight < this.options.maxInflight &&
      this.slots.some((s) => s.writable)
    );
  }

  waitUp(timeoutMs: number): Promise<boolean> {
    return this.connection.waitUp(timeoutMs);
  }

  /** Ready messages in each shard queue, or undefined when the broker cannot be asked now. */
  async queueDepths(): Promise<number[] | undefined> {
    const topology = this.topology;
    if (topology === undefined) return undefined;
    try {
      const depths: number[] = [];
      for (let shard = 0; shard < this.options.shards; shard++)
        depths.push((await topology.checkQueue(shardQueue(this.options.prefix, shard))).messageCount);
      return depths;
    } catch {
      return undefined;
    }
  }

  /** The shard queue an account's events go to. */
  shardOf(accountKey: string): number {
    return shardFor(accountKey, this.options.shards);
  }

  publish(shard: number, body: Buffer, messageId: string): Promise<boolean> {
    const slot = this.canPublish() ? this.pickSlot() : undefined;
    if (slot === undefined) {
      this.counters.refused += 1;
      return Promise.resolve(false);
    }
    const routingKey = shardRoutingKey(shard);
    this.libraryInflight += 1;
    return new Promise<boolean>((resolve) => {
      let callerSettled = false;
      const waiting: Waiting = {
        settle: (confirmed) => {
          if (callerSettled) return;
          callerSettled = true;
          clearTimeout(timer);
          this.waiting.delete(waiting);
          resolve(confirmed);
        },
      };
      const timer = setTimeout(() => {
        if (callerSettled) return;
        this.counters.timedOut += 1;
        this.stalled = true;
        waiting.settle(false);
      }, this.options.confirmTimeoutMs);
      this.waiting.add(waiting);
      let librarySettled = false;
      const onConfirm = (err: unknown) => {
        if (librarySettled) return;
        librarySettled = true;
        const couldPublish = this.canPublish();
        this.libraryInflight -= 1;
        const returned = slot.returned.delete(messageId);
        if (err === null || err === undefined) {
          // The broker answered: it is not stalled, whatever the answer.
          this.stalled = false;
          if (returned) this.counters.returned += 1;
          else this.counters.confirmed += 1;
          waiting.settle(!returned);
        } else {
          if (err instanceof Error && err.message === 'message nacked') {
            this.stalled = false;
            this.counters.nacked += 1;
          }
          waiting.settle(false);
        }
        if (!couldPublish && this.canPublish()) this.options.onReady?.();
      };
      try {
        const ok = slot.channel.publish(
          this.exchange,
          routingKey,
          body,
          { persistent: true, mandatory: true, messageId, contentType: 'application/json' },
          onConfirm,
        );
        // amqplib buffered it; stop handing this channel more until it drains.
        if (!ok) slot.writable = false;
      } catch (err) {
        // The channel closed under us: the connection is being recycled.
        onConfirm(err);
      }
    });
  }

  /** Settles what it can within the confirm timeout, then closes the connection. */
  async close(): Promise<void> {
    const deadline = Date.now() + this.options.confirmTimeoutMs;
    while (this.libraryInflight > 0 && this.connection.isUp && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await this.connection.close();
  }

  private wire(channel: ConfirmChannel): Slot {
    const slot: Slot = { channel, writable: true, returned: new Set() };
    channel.on('drain', () => {
      slot.writable = true;
      this.options.onReady?.();
    });
    channel.on('return', (message: Message) => {
      const id = message.properties.messageId;
      if (typeof id === 'string') slot.returned.add(id);
      this.options.log.warn(
        { messageId: id, routingKey: message.fields.routingKey },
        'the broker returned an unroutable batch; it goes to the spool',
      );
    });
    return slot;
  }

  private pickSlot(): Slot | undefined {
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[(this.next + i) % this.slots.length];
      if (slot?.writable) {
        this.next = (this.next + i + 1) % this.slots.length;
        return slot;
      }
    }
    return undefined;
  }
}
