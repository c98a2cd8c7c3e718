/**
 * The broker's topology: one direct exchange and N durable shard queues bound to it by
 * routing key. Declared idempotently after every (re)connect; a queue that exists with
 * other arguments makes the broker close the channel (406), which the caller logs.
 */
import type { Channel } from 'amqplib';

export interface TopologySettings {
  readonly prefix: string;
  readonly shards: number;
  readonly queueMaxBytes: number;
  readonly queueType: 'classic' | 'quorum';
}

export function exchangeName(prefix: string): string {
  return `${prefix}.events`;
}

export function shardQueue(prefix: string, shard: number): string {
  return `${prefix}.shard.${shard}`;
}

export function shardRoutingKey(shard: number): string {
  return `shard.${shard}`;
}

export async function declareTopology(channel: Channel, settings: TopologySettings): Promise<void> {
  const exchange = exchangeName(settings.prefix);
  await channel.assertExchange(exchange, 'direct', { durable: true });
  for (let shard = 0; shard < settings.shards; shard++) {
    const queue = shardQueue(settings.prefix, shard);
    await channel.assertQueue(queue, {
      durable: true,
      arguments: {
        'x-queue-type': settings.queueType,
        'x-max-length-bytes': settings.queueMaxBytes,
        // A full shard nacks new publishes (they go to the spool) instead of dropping old ones.
        'x-overflow': 'reject-publish',
      },
    });
    await channel.bindQueue(queue, exchange, shardRoutingKey(shard));
  }
}
