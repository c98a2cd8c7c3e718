/**
 * Configuration: one validated, frozen object. A bad value stops the server with a
 * message that names the variable (or flag) and the reason.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string };

/** RabbitMQ for events (`AMQP_URL`); without it the local spool is the queue. */
export interface AmqpConfig {
  readonly url: string;
  /** Prefix of the exchange and queue names. */
  readonly prefix: string;
  readonly shards: number;
  readonly queueType: 'classic' | 'quorum';
}

export interface EventsConfig {
  readonly amqp: AmqpConfig | undefined;
  /**
   * Whether this node also runs the consumers that fold events into insights. With a
   * broker, ingest-only nodes (false) leave that work to other nodes.
   */
  readonly consume: boolean;
  /**
   * Whether insights are written on a worker thread of their own (default): the shard
   * consumers with a broker, the spool's drainer's applies without one. Writing insights
   * then never holds the event loop that answers SDKs and the admin API.
   */
  readonly consumerThread: boolean;
  /**
   * Worker threads that parse, sample and fold event posts (0: on the event loop). By
   * default one fewer than the cores, at most 4.
   */
  readonly parseThreads: number;
  /** The durable spool (SQLite) in the data directory. */
  readonly spoolFile: string;
  readonly spoolMaxBytes: number;
  /** The share of the spool one account may fill. */
  readonly spoolAccountShare: number;
  /** Largest event post on the wire, and once decompressed. */
  readonly bodyLimit: number;
  readonly inflatedLimit: number;
  readonly breaker: {
    /** Trip above this multiple of the account's events-per-second limit… */
    readonly factor: number;
    /** …sustained this long. */
    readonly tripAfterMs: number;
    /** How long a throttle lasts. */
    readonly expiryMs: number;
  };
}

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  /** A bootstrap admin API token; without one, first start creates and prints one. */
  readonly adminToken: string | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest admin API request body, in bytes. */
  readonly bodyLimit: number;
  readonly events: EventsConfig;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface ConfigSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `--port N`, `--data-dir DIR`, `--host H` from the command line; they win over the environment. */
  readonly flags: Readonly<Record<string, string | undefined>>;
}

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

function integer(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function decimal(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value))
    throw new ConfigError(`${name} must be a number, got "${raw}"`);
  if (value < min || value > max)
    throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function amqpConfig(env: ConfigSources['env']): AmqpConfig | undefined {
  const url = env.AMQP_URL;
  if (url === undefined || url === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('AMQP_URL is not a URL; expected amqp://user:password@host:5672');
  }
  if (parsed.protocol !== 'amqp:' && parsed.protocol !== 'amqps:') {
    throw new ConfigError(`AMQP_URL must start with amqp:// or amqps://, got "${parsed.protocol}//…"`);
  }
  const prefix = env.SWITCHYARD_AMQP_PREFIX ?? 'switchyard';
  if (!/^[a-zA-Z0-9._-]{1,100}$/.test(prefix)) {
    throw new ConfigError('SWITCHYARD_AMQP_PREFIX may hold letters, digits, ".", "_" and "-" (up to 100)');
  }
  const queueType = env.SWITCHYARD_AMQP_QUEUE_TYPE ?? 'classic';
  if (queueType !== 'classic' && queueType !== 'quorum') {
    throw new ConfigError(`SWITCHYARD_AMQP_QUEUE_TYPE must be classic or quorum, got "${queueType}"`);
  }
  return Object.freeze({
    url,
    prefix,
    shards: integer('SWITCHYARD_AMQP_SHARDS', env.SWITCHYARD_AMQP_SHARDS ?? '8', 1, 256),
    queueType,
  });
}

function eventsConfig(env: ConfigSources['env'], dataDir: string): EventsConfig {
  const MiB = 1024 * 1024;
  const bodyLimit = integer(
    'SWITCHYARD_EVENTS_BODY_LIMIT',
    env.SWITCHYARD_EVENTS_BODY_LIMIT ?? String(5 * MiB),
    1024,
    64 * MiB,
  );
  const consume = env.SWITCHYARD_EVENTS_CONSUME ?? 'true';
  if (consume !== 'true' && consume !== 'false')
    throw new ConfigError(`SWITCHYARD_EVENTS_CONSUME must be true or false, got "${consume}"`);
  const consumerThread = env.SWITCHYARD_EVENTS_CONSUMER_THREAD ?? 'true';
  if (consumerThread !== 'true' && consumerThread !== 'false')
    throw new ConfigError(`SWITCHYARD_EVENTS_CONSUMER_THREAD must be true or false, got "${consumerThread}"`);
  const amqp = amqpConfig(env);
  if (consume === 'false' && amqp === undefined)
    throw new ConfigError(
      'SWITCHYARD_EVENTS_CONSUME=false needs AMQP_URL: without a broker the spool is the queue',
    );
  return Object.freeze({
    amqp,
    consume: consume === 'true',
    consumerThread: consumerThread === 'true',
    parseThreads: integer(
      'SWITCHYARD_EVENTS_PARSE_THREADS',
      env.SWITCHYARD_EVENTS_PARSE_THREADS ?? String(Math.min(4, availableParallelism() - 1)),
      0,
      16,
    ),
    spoolFile: resolve(dataDir, 'event-spool.db'),
    spoolMaxBytes: integer(
      'SWITCHYARD_SPOOL_MAX_BYTES',
      env.SWITCHYARD_SPOOL_MAX_BYTES ?? String(1024 * MiB),
      MiB,
      2 ** 50,
    ),
    spoolAccountShare: decimal(
      'SWITCHYARD_SPOOL_ACCOUNT_SHARE',
      env.SWITCHYARD_SPOOL_ACCOUNT_SHARE ?? '0.25',
      0.01,
      1,
    ),
    bodyLimit,
    inflatedLimit: integer(
      'SWITCHYARD_EVENTS_INFLATED_LIMIT',
      env.SWITCHYARD_EVENTS_INFLATED_LIMIT ?? String(Math.max(bodyLimit, 20 * MiB)),
      bodyLimit,
      256 * MiB,
    ),
    breaker: Object.freeze({
      factor: decimal('SWITCHYARD_BREAKER_FACTOR', env.SWITCHYARD_BREAKER_FACTOR ?? '5', 1, 1000),
      tripAfterMs:
        decimal('SWITCHYARD_BREAKER_TRIP_SECONDS', env.SWITCHYARD_BREAKER_TRIP_SECONDS ?? '2', 0.1, 3600) *
        1000,
      expiryMs:
        decimal(
          'SWITCHYARD_BREAKER_EXPIRY_SECONDS',
          env.SWITCHYARD_BREAKER_EXPIRY_SECONDS ?? '60',
          1,
          86_400,
        ) * 1000,
    }),
  });
}

function databaseConfig(url: string | undefined, dataDir: string): DatabaseConfig {
  if (url === undefined || url === '') return { kind: 'sqlite', file: resolve(dataDir, 'switchyard.db') };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('DATABASE_URL is not a URL; expected postgres://user@host:5432/database');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigError(`DATABASE_URL must start with postgres://, got "${parsed.protocol}//…"`);
  }
  return { kind: 'postgres', url };
}

export function loadConfig({ env, flags }: ConfigSources): Config {
  const portRaw = flags.port ?? env.PORT ?? env.SWITCHYARD_PORT ?? '8030';
  const port = integer(flags.port !== undefined ? '--port' : 'PORT', portRaw, 0, 65535);
  const dataDir = resolve(flags['data-dir'] ?? env.SWITCHYARD_DATA_DIR ?? 'data');
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.has(logLevel))
    throw new ConfigError(`LOG_LEVEL must be one of ${[...LOG_LEVELS].join(', ')}, got "${logLevel}"`);
  // An empty value counts as unset, as shells and container files often leave it.
  const adminToken = env.SWITCHYARD_ADMIN_TOKEN === '' ? undefined : env.SWITCHYARD_ADMIN_TOKEN;
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new ConfigError('SWITCHYARD_ADMIN_TOKEN must be at least 16 characters long');
  }
  return Object.freeze({
    host: flags.host ?? env.SWITCHYARD_HOST ?? '127.0.0.1',
    port,
    dataDir,
    database: Object.freeze(databaseConfig(env.DATABASE_URL, dataDir)),
    adminToken,
    logLevel: logLevel as Config['logLevel'],
    bodyLimit: integer(
      'SWITCHYARD_BODY_LIMIT',
      env.SWITCHYARD_BODY_LIMIT ?? String(1024 * 1024),
      1024,
      64 * 1024 * 1024,
    ),
    events: eventsConfig(env, dataDir),
  });
}
