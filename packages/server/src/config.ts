/**
 * Configuration: one validated, frozen object. A bad value stops the server with a
 * message that names the variable (or flag) and the reason. Every value is read through
 * the settings table (settings.ts); what is checked here is what involves several.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { ConfigError, type ConfigSources, type SettingName, setting } from './settings.js';

export { ConfigError, type ConfigSources } from './settings.js';

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
  /** A bearer token `/metrics` and `/status` require; without one they are open. */
  readonly metricsToken: string | undefined;
  /** How long a dashboard session lasts. */
  readonly sessionMs: number;
  /** Whether the session cookie is marked Secure. */
  readonly secureCookies: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `auto`: readable lines on a terminal, JSON otherwise. */
  readonly logFormat: 'auto' | 'json' | 'pretty';
  /** How often SDK, OFREP and ingest traffic is summed up in one log line (0: never). */
  readonly logSummaryMs: number;
  /** How long a shutdown may take before the process exits anyway, counted from the signal. */
  readonly shutdownTimeoutMs: number;
  /** How long a node keeps serving, not ready, after the signal, before it stops accepting. */
  readonly shutdownDrainMs: number;
  /** Largest admin API request body, in bytes. */
  readonly bodyLimit: number;
  readonly events: EventsConfig;
}

function amqpConfig(sources: ConfigSources): AmqpConfig | undefined {
  const url = setting(sources, 'AMQP_URL');
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('AMQP_URL is not a URL; expected amqp://user:password@host:5672');
  }
  if (parsed.protocol !== 'amqp:' && parsed.protocol !== 'amqps:') {
    throw new ConfigError(`AMQP_URL must start with amqp:// or amqps://, got "${parsed.protocol}//…"`);
  }
  return Object.freeze({
    url,
    prefix: required(sources, 'SWITCHYARD_AMQP_PREFIX'),
    shards: required(sources, 'SWITCHYARD_AMQP_SHARDS'),
    queueType: required(sources, 'SWITCHYARD_AMQP_QUEUE_TYPE'),
  });
}

/** A setting that has a declared (or here computed) default, so always has a value. */
function required<N extends SettingName>(sources: ConfigSources, name: N, fallback?: string) {
  const value = setting(sources, name, fallback);
  if (value === undefined) throw new Error(`setting ${name} has no default`);
  return value;
}

function eventsConfig(sources: ConfigSources, dataDir: string): EventsConfig {
  const MiB = 1024 * 1024;
  const bodyLimit = required(sources, 'SWITCHYARD_EVENTS_BODY_LIMIT');
  const consume = required(sources, 'SWITCHYARD_EVENTS_CONSUME') === 'true';
  const amqp = amqpConfig(sources);
  if (!consume && amqp === undefined)
    throw new ConfigError(
      'SWITCHYARD_EVENTS_CONSUME=false needs AMQP_URL: without a broker the spool is the queue',
    );
  const inflatedLimit = required(
    sources,
    'SWITCHYARD_EVENTS_INFLATED_LIMIT',
    String(Math.max(bodyLimit, 20 * MiB)),
  );
  if (inflatedLimit < bodyLimit)
    throw new ConfigError(
      `SWITCHYARD_EVENTS_INFLATED_LIMIT must be at least SWITCHYARD_EVENTS_BODY_LIMIT (${bodyLimit}), got ${inflatedLimit}`,
    );
  return Object.freeze({
    amqp,
    consume,
    consumerThread: required(sources, 'SWITCHYARD_EVENTS_CONSUMER_THREAD') === 'true',
    parseThreads: required(
      sources,
      'SWITCHYARD_EVENTS_PARSE_THREADS',
      String(Math.max(0, Math.min(4, availableParallelism() - 1))),
    ),
    spoolFile: resolve(dataDir, 'event-spool.db'),
    spoolMaxBytes: required(sources, 'SWITCHYARD_SPOOL_MAX_BYTES'),
    spoolAccountShare: required(sources, 'SWITCHYARD_SPOOL_ACCOUNT_SHARE'),
    bodyLimit,
    inflatedLimit,
    breaker: Object.freeze({
      factor: required(sources, 'SWITCHYARD_BREAKER_FACTOR'),
      tripAfterMs: required(sources, 'SWITCHYARD_BREAKER_TRIP_SECONDS') * 1000,
      expiryMs: required(sources, 'SWITCHYARD_BREAKER_EXPIRY_SECONDS') * 1000,
    }),
  });
}

function databaseConfig(url: string | undefined, dataDir: string): DatabaseConfig {
  if (url === undefined) return { kind: 'sqlite', file: resolve(dataDir, 'switchyard.db') };
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

export function loadConfig(sources: ConfigSources): Config {
  const alternatePort = setting(sources, 'SWITCHYARD_PORT');
  const port = required(sources, 'PORT', alternatePort === undefined ? undefined : String(alternatePort));
  const dataDir = resolve(required(sources, 'SWITCHYARD_DATA_DIR'));
  const adminToken = setting(sources, 'SWITCHYARD_ADMIN_TOKEN');
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new ConfigError('SWITCHYARD_ADMIN_TOKEN must be at least 16 characters long');
  }
  const metricsToken = setting(sources, 'SWITCHYARD_METRICS_TOKEN');
  if (metricsToken !== undefined && metricsToken.length < 16) {
    throw new ConfigError('SWITCHYARD_METRICS_TOKEN must be at least 16 characters long');
  }
  const shutdownTimeoutMs = required(sources, 'SWITCHYARD_SHUTDOWN_TIMEOUT_MS');
  const shutdownDrainMs = required(sources, 'SWITCHYARD_SHUTDOWN_DRAIN_MS');
  if (shutdownDrainMs >= shutdownTimeoutMs && shutdownDrainMs > 0)
    throw new ConfigError(
      `SWITCHYARD_SHUTDOWN_DRAIN_MS (${shutdownDrainMs}) must be shorter than SWITCHYARD_SHUTDOWN_TIMEOUT_MS (${shutdownTimeoutMs})`,
    );
  return Object.freeze({
    host: required(sources, 'SWITCHYARD_HOST'),
    port,
    dataDir,
    database: Object.freeze(databaseConfig(setting(sources, 'DATABASE_URL'), dataDir)),
    adminToken,
    metricsToken,
    sessionMs: required(sources, 'SWITCHYARD_SESSION_HOURS') * 3_600_000,
    secureCookies: required(sources, 'SWITCHYARD_SECURE_COOKIES') === 'true',
    logLevel: required(sources, 'LOG_LEVEL'),
    logFormat: required(sources, 'SWITCHYARD_LOG_FORMAT'),
    logSummaryMs: required(sources, 'SWITCHYARD_LOG_SUMMARY_SECONDS') * 1000,
    shutdownTimeoutMs,
    shutdownDrainMs,
    bodyLimit: required(sources, 'SWITCHYARD_BODY_LIMIT'),
    events: eventsConfig(sources, dataDir),
  });
}
