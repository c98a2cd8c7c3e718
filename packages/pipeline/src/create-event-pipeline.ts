/**
 * The pipeline's one entry point. Without `amqp` the spool is the queue (embedded
 * mode); with it, batches go to RabbitMQ first and to the spool when the broker cannot
 * take them. Ingest calls the same `EventPipeline` either way.
 */
import { AmqpConsumer } from './broker/amqp-consumer.js';
import { AmqpPublisher } from './broker/amqp-publisher.js';
import { BrokerPipeline } from './broker/broker-pipeline.js';
import { ConsumerThread } from './broker/consumer-thread.js';
import { EmbeddedPipeline } from './embedded/embedded-pipeline.js';
import { SinkThread } from './embedded/sink-thread.js';
import type { PipelineLogger } from './pipeline-logger.js';
import type { EventPipeline, InsightsSink } from './ports.js';
import { EventSpool } from './spool/event-spool.js';

export interface SpoolOptions {
  /** The SQLite file (created if missing). */
  readonly file: string;
  /** The most payload bytes the spool holds; past it accept sheds with 'spool-full'. */
  readonly maxBytes: number;
  /** The fraction of `maxBytes` one account may hold, e.g. 0.25; past it 'account-share'. */
  readonly accountShare: number;
}

export interface AmqpOptions {
  readonly url: string;
  /** Prefix of the exchange and queue names (`${prefix}.events`, `${prefix}.shard.${i}`). */
  readonly prefix: string;
  /** Shard queues; an account's batches go to shard hash(account) mod shards. Default 8. */
  readonly shards?: number;
  /** `x-max-length-bytes` of each shard queue (with `x-overflow: reject-publish`). Default 512 MiB. */
  readonly queueMaxBytes?: number;
  /** Confirm channels on the publishing connection. Default 2. */
  readonly confirmChannels?: number;
  /** Publishes awaiting a confirm, all channels together; past it batches go to the spool. Default 512. */
  readonly maxInflight?: number;
  /** A confirm slower than this sends the batch to the spool (it may still land). Default 5000. */
  readonly confirmTimeoutMs?: number;
  /** Posts accepted in the same turn of the event loop that may share one message. Default 64. */
  readonly postsPerMessage?: number;
  /** Unacknowledged deliveries per shard consumer. Default 256. */
  readonly prefetch?: number;
  /** `classic` on a single node (default), `quorum` on a cluster. */
  readonly queueType?: 'classic' | 'quorum';
  /** Default 10. */
  readonly heartbeatSeconds?: number;
  /** Shown by the broker (`rabbitmqctl list_connections name`); suffixed `-publish`/`-consume`. */
  readonly connectionName?: string;
}

export interface EventPipelineOptions {
  readonly spool: SpoolOptions;
  /** Absent: embedded mode. */
  readonly amqp?: AmqpOptions;
  readonly sink: InsightsSink;
  readonly log: PipelineLogger;
  /**
   * Whether this node runs consumers (RabbitMQ mode; default true). In embedded mode
   * the spool is local to the node, so its consumer always runs.
   */
  readonly consume?: boolean;
  /**
   * Write insights on a worker thread, with a sink the thread opens from `sinkModule`
   * (which exports `openInsightsSink(sinkConfig)`) instead of `sink`: in RabbitMQ mode
   * the shard consumers run there, in the embedded mode the spool's rows are applied there.
   */
  readonly consumerThread?: { readonly sinkModule: string; readonly sinkConfig: unknown };
}

export async function createEventPipeline(options: EventPipelineOptions): Promise<EventPipeline> {
  if (options.amqp === undefined) {
    const spool = new EventSpool({ ...options.spool, writerThread: true });
    const thread = options.consumerThread;
    return new EmbeddedPipeline({
      spool,
      sink: options.sink,
      ...(thread === undefined ? {} : { thread: new SinkThread(thread, options.log) }),
      log: options.log,
    });
  }
  // Checked before anything is opened, so a bad value leaves nothing behind.
  const amqp = withDefaults(options.amqp);
  const topology = {
    prefix: amqp.prefix,
    shards: amqp.shards,
    queueMaxBytes: amqp.queueMaxBytes,
    queueType: amqp.queueType,
  };
  const spool = new EventSpool({ ...options.spool, writerThread: true });
  let pipeline: BrokerPipeline | undefined;
  const publisher = new AmqpPublisher({
    ...topology,
    url: amqp.url,
    confirmChannels: amqp.confirmChannels,
    maxInflight: amqp.maxInflight,
    confirmTimeoutMs: amqp.confirmTimeoutMs,
    heartbeatSeconds: amqp.heartbeatSeconds,
    connectionName: `${amqp.connectionName}-publish`,
    log: options.log,
    onReady: () => pipeline?.publisherReady(),
  });
  const consumerOptions = {
    ...topology,
    url: amqp.url,
    heartbeatSeconds: amqp.heartbeatSeconds,
    connectionName: `${amqp.connectionName}-consume`,
    prefetch: amqp.prefetch,
  };
  const thread = options.consumerThread;
  const consumer =
    options.consume === false
      ? undefined
      : thread === undefined
        ? new AmqpConsumer({ ...consumerOptions, sink: options.sink, log: options.log })
        : new ConsumerThread({ consumer: consumerOptions, ...thread }, options.log);
  pipeline = new BrokerPipeline({
    spool,
    publisher,
    ...(consumer === undefined ? {} : { consumer }),
    log: options.log,
    relayBatch: Math.max(1, Math.floor(amqp.maxInflight / 2)),
    postsPerMessage: amqp.postsPerMessage,
  });
  // Not fatal: until the broker is reachable, accepted batches go to the spool.
  const up = await Promise.all([
    publisher.waitUp(STARTUP_WAIT_MS),
    consumer?.waitUp(STARTUP_WAIT_MS) ?? true,
  ]);
  if (!up.every(Boolean))
    options.log.warn({ url: redact(amqp.url) }, 'the broker is not reachable yet; batches go to the spool');
  return pipeline;
}

function withDefaults(amqp: AmqpOptions): Required<AmqpOptions> {
  const resolved: Required<AmqpOptions> = {
    url: amqp.url,
    prefix: amqp.prefix,
    shards: amqp.shards ?? 8,
    queueMaxBytes: amqp.queueMaxBytes ?? 512 * 1024 * 1024,
    confirmChannels: amqp.confirmChannels ?? 2,
    maxInflight: amqp.maxInflight ?? 512,
    confirmTimeoutMs: amqp.confirmTimeoutMs ?? 5000,
    postsPerMessage: amqp.postsPerMessage ?? 64,
    prefetch: amqp.prefetch ?? 256,
    queueType: amqp.queueType ?? 'classic',
    heartbeatSeconds: amqp.heartbeatSeconds ?? 10,
    connectionName: amqp.connectionName ?? `switchyard-${amqp.prefix}`,
  };
  if (!URL.canParse(amqp.url)) throw new RangeError('amqp.url is not a URL');
  const counts = [
    'shards',
    'queueMaxBytes',
    'confirmChannels',
    'maxInflight',
    'confirmTimeoutMs',
    'postsPerMessage',
    'prefetch',
  ] as const;
  for (const option of counts) {
    const value = resolved[option];
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`amqp.${option} must be a positive integer`);
  }
  return resolved;
}

/** How long start-up waits for the broker before serving from the spool. */
const STARTUP_WAIT_MS = 3000;

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable AMQP URL)';
  }
}
