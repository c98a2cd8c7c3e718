/** Helpers for tests against a real RabbitMQ: availability, unique names, clean-up, the broker's view. */
import { execFile } from 'node:child_process';
import net from 'node:net';
import amqp from 'amqplib';
import { type EventBatch, type EventPipeline, encodeBatch } from '../../src/index.js';

export const SHARED_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

export function reachable(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Queue and exchange names no other run or helper uses. */
export function uniquePrefix(): string {
  return `sy-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Deletes a test's exchange and shard queues from the broker. */
export async function deleteTopology(url: string, prefix: string, shards: number): Promise<void> {
  const conn = await amqp.connect(url);
  conn.on('error', () => {});
  try {
    const channel = await conn.createChannel();
    channel.on('error', () => {});
    for (let i = 0; i < shards; i++) await channel.deleteQueue(`${prefix}.shard.${i}`);
    await channel.deleteExchange(`${prefix}.events`);
  } finally {
    await conn.close().catch(() => {});
  }
}

/** The broker's count of channels per connection whose client-given name starts with `namePrefix`. */
export function brokerChannels(namePrefix: string, node?: string): Promise<Map<string, number>> {
  const args = [
    ...(node === undefined ? [] : ['-n', node]),
    'list_connections',
    'channels',
    'client_properties',
    '--formatter',
    'json',
    '-q',
  ];
  return new Promise((resolve, reject) => {
    execFile('/usr/sbin/rabbitmqctl', args, { timeout: 30_000 }, (err, stdout) => {
      if (err) return reject(err);
      const rows = JSON.parse(stdout) as {
        channels: number;
        client_properties: [string, string, unknown][];
      }[];
      const counts = new Map<string, number>();
      for (const row of rows) {
        const name = row.client_properties.find(([key]) => key === 'connection_name')?.[2];
        if (typeof name === 'string' && name.startsWith(namePrefix)) counts.set(name, row.channels);
      }
      resolve(counts);
    });
  });
}

export interface LoadResult {
  /** Payload IDs whose accept resolved (the 202 boundary), by where they were made durable. */
  readonly broker: Set<string>;
  readonly spool: Set<string>;
  /** Payload IDs whose accept rejected (a 503/429 for the SDK). */
  readonly failed: Set<string>;
  /** The slowest accept, in milliseconds. */
  maxLatencyMs: number;
}

/** Drives `accept` with `concurrency` calls in flight until `total` batches were offered or `stop()` holds. */
export async function offerLoad(
  pipeline: EventPipeline,
  make: (i: number) => EventBatch,
  total: number,
  concurrency: number,
  result: LoadResult = { broker: new Set(), spool: new Set(), failed: new Set(), maxLatencyMs: 0 },
  stop: () => boolean = () => false,
): Promise<LoadResult> {
  let next = 0;
  const worker = async () => {
    while (next < total && !stop()) {
      const batch = make(next++);
      const started = performance.now();
      try {
        const where = await pipeline.accept(encodeBatch(batch));
        result[where].add(batch.payloadId);
      } catch {
        result.failed.add(batch.payloadId);
      }
      result.maxLatencyMs = Math.max(result.maxLatencyMs, performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return result;
}
