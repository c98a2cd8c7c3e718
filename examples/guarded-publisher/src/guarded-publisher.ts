/**
 * The service's publisher: one long-lived AMQP connection and a fixed set of confirm channels,
 * opened at start and never per publish (a channel per publish is the leak this example exists
 * to rule out). Before each publish it asks Switchyard, in process and from the SDK's cached
 * flag data, whether the customer is cut off and how many events a second it may publish.
 *
 * Nothing here runs inside a database transaction: a broker that blocks must never hold a
 * transaction open. A service whose events must match a database write puts them in an outbox
 * table in that transaction and publishes after the commit.
 */
import { randomUUID } from 'node:crypto';
import type { KillSwitchMode, SwitchyardClient } from '@switchyard/node-sdk';
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { PerSecondLimiter } from './per-second-limiter.js';

/** `busy`: every channel's confirm window is full; `failed`: nacked, closed or no confirm in time. */
export type PublishOutcome = 'accepted' | 'cut-off' | 'rate-limited' | 'busy' | 'failed';

export interface GuardedPublisherOptions {
  readonly amqpUrl: string;
  readonly queue: string;
  readonly flags: SwitchyardClient;
  /** Boolean flag: true while the customer may publish, false cuts it off. */
  readonly killSwitchFlag: string;
  /** Number flag: the customer's events per second. */
  readonly limitFlag: string;
  readonly defaultPerSecond: number;
  readonly confirmChannels?: number;
  readonly maxInflightPerChannel?: number;
  readonly confirmTimeoutMs?: number;
}

interface Slot {
  readonly channel: ConfirmChannel;
  inflight: number;
}

// Fail open: when Switchyard cannot be reached the service's own events still go out; a cut-off
// is an operator's decision, and stale data is not one.
const KILL_SWITCH_MODE: KillSwitchMode = { failOpen: true };

/** The amqplib connection's table of open channels (slot 0 is the connection's own). */
interface ChannelTable {
  readonly channels: readonly unknown[];
}

export class GuardedPublisher {
  /** The name the broker shows for the connection (unique, so the management API can find it). */
  readonly connectionName: string;
  private readonly limiter = new PerSecondLimiter();
  private next = 0;

  private constructor(
    private readonly options: GuardedPublisherOptions,
    private readonly connection: ChannelModel,
    private readonly slots: readonly Slot[],
    connectionName: string,
  ) {
    this.connectionName = connectionName;
  }

  static async start(options: GuardedPublisherOptions): Promise<GuardedPublisher> {
    const connectionName = `guarded-publisher-${randomUUID()}`;
    const connection = await amqp.connect(options.amqpUrl, {
      clientProperties: { connection_name: connectionName },
    });
    connection.on('error', (error: Error) => process.stderr.write(`guarded-publisher: ${error.message}\n`));
    const slots: Slot[] = [];
    for (let i = 0; i < (options.confirmChannels ?? 2); i++) {
      const channel = await connection.createConfirmChannel();
      channel.on('error', (error: Error) => process.stderr.write(`guarded-publisher: ${error.message}\n`));
      slots.push({ channel, inflight: 0 });
    }
    // The queue goes away a minute after its last use, so a story that was interrupted leaves nothing behind.
    await slots[0]?.channel.assertQueue(options.queue, {
      durable: false,
      arguments: { 'x-expires': 60_000, 'x-max-length': 100_000 },
    });
    return new GuardedPublisher(options, connection, slots, connectionName);
  }

  async publish(customer: string, type: string, data: object): Promise<PublishOutcome> {
    const { flags, killSwitchFlag, limitFlag, defaultPerSecond } = this.options;
    const context = { kind: 'customer', key: customer };
    if (flags.killSwitch(killSwitchFlag, context, KILL_SWITCH_MODE)) return 'cut-off';
    if (!this.limiter.take(customer, flags.limit(limitFlag, context, defaultPerSecond)))
      return 'rate-limited';
    const slot = this.freeSlot();
    if (slot === undefined) return 'busy';
    const body = Buffer.from(JSON.stringify({ customer, type, data }));
    slot.inflight++;
    try {
      return await new Promise<PublishOutcome>((resolve) => {
        const timer = setTimeout(() => resolve('failed'), this.options.confirmTimeoutMs ?? 5000);
        slot.channel.publish(
          '',
          this.options.queue,
          body,
          { messageId: randomUUID(), contentType: 'application/json', timestamp: Date.now() },
          (error) => {
            clearTimeout(timer);
            resolve(error ? 'failed' : 'accepted');
          },
        );
      });
    } finally {
      slot.inflight--;
    }
  }

  /** Channels open on the publisher's connection, read from amqplib's own table. */
  channelCount(): number {
    const table = this.connection.connection as unknown as ChannelTable;
    return table.channels.filter((entry, index) => index > 0 && entry != null).length;
  }

  async close(deleteQueue = false): Promise<void> {
    if (deleteQueue) await this.slots[0]?.channel.deleteQueue(this.options.queue);
    await this.connection.close();
  }

  private freeSlot(): Slot | undefined {
    const limit = this.options.maxInflightPerChannel ?? 256;
    for (let tried = 0; tried < this.slots.length; tried++) {
      const slot = this.slots[this.next];
      this.next = (this.next + 1) % this.slots.length;
      if (slot !== undefined && slot.inflight < limit) return slot;
    }
    return undefined;
  }
}
