/**
 * The client's options, checked once: a bad value is logged and replaced by its default, never
 * thrown, so a configuration mistake cannot crash the host application.
 */
import type { DataSourceFactory } from './data-source.js';
import { type Logger, silentLogger } from './logger.js';

export interface ClientOptions {
  /** The server's base URL, for polling and events. Default `http://localhost:8080`. */
  readonly baseUri?: string;
  /** Where the stream is; default `baseUri`. */
  readonly streamUri?: string;
  /** Stream (default) or poll. */
  readonly stream?: boolean;
  /** Milliseconds between polls when not streaming; at least 1,000, default 30,000. */
  readonly pollIntervalMs?: number;
  /** Poll while the stream has been down this long (milliseconds; 0 never polls). Default 30,000. */
  readonly pollingFallbackAfterMs?: number;
  /** The first reconnection delay; later ones double, jittered, up to 30 s. Default 1,000. */
  readonly initialReconnectDelayMs?: number;
  /** A stream silent this long is reconnected (the server's heartbeat is more frequent). Default 300,000. */
  readonly streamReadTimeoutMs?: number;
  /** Where analytics events are posted (`/bulk`); default `baseUri`. */
  readonly eventsUri?: string;
  /** Send analytics events; default true (false with `offline` or a `dataSource`). */
  readonly sendEvents?: boolean;
  /** Milliseconds between event flushes; default 5,000. */
  readonly flushIntervalMs?: number;
  /** Events held between flushes at most; beyond it they are dropped and counted. Default 10,000. */
  readonly eventCapacity?: number;
  /** Milliseconds before the one retry of an event post that failed (network error or 5xx); default 1,000. */
  readonly eventRetryDelayMs?: number;
  /** Attributes (names or `/`-references) removed from every context in events. */
  readonly privateAttributes?: readonly string[];
  /** Remove every attribute but `kind`, `key` and `anonymous` from contexts in events. */
  readonly allAttributesPrivate?: boolean;
  /** How long `killSwitch` and `limit` keep an answer per flag and context (milliseconds); default 1,000. */
  readonly operationalCacheMs?: number;
  /** Answers `killSwitch` and `limit` keep at most (the oldest goes first); default 10,000. */
  readonly operationalCacheSize?: number;
  /** A file holding the last known data: read at start (served until the server answers), written after changes. */
  readonly persistTo?: string;
  /** Where data comes from instead of the server: a `TestData`, for instance. */
  readonly dataSource?: DataSourceFactory;
  /** No network at all: every variation is the caller's default (CLIENT_NOT_READY). */
  readonly offline?: boolean;
  readonly logger?: Logger;
}

export interface ResolvedOptions {
  readonly baseUri: string;
  readonly streamUri: string;
  readonly stream: boolean;
  readonly pollIntervalMs: number;
  readonly pollingFallbackAfterMs: number;
  readonly initialReconnectDelayMs: number;
  readonly streamReadTimeoutMs: number;
  readonly eventsUri: string;
  readonly sendEvents: boolean;
  readonly flushIntervalMs: number;
  readonly eventCapacity: number;
  readonly eventRetryDelayMs: number;
  readonly privateAttributes: readonly string[];
  readonly allAttributesPrivate: boolean;
  readonly operationalCacheMs: number;
  readonly operationalCacheSize: number;
  readonly persistTo: string | undefined;
  readonly dataSource: DataSourceFactory | undefined;
  readonly offline: boolean;
  readonly logger: Logger;
}

function url(value: unknown, name: string, fallback: string, logger: Logger): string {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && URL.canParse(value)) return value.replace(/\/+$/, '');
  logger.warn({ option: name, value }, `${name} is not a URL; using ${fallback}`);
  return fallback;
}

function number(value: unknown, name: string, fallback: number, min: number, logger: Logger): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isFinite(value) && value >= min) return value;
  logger.warn({ option: name, value }, `${name} must be a number of at least ${min}; using ${fallback}`);
  return fallback;
}

export function resolveOptions(options: ClientOptions = {}): ResolvedOptions {
  const logger = options.logger ?? silentLogger;
  const baseUri = url(options.baseUri, 'baseUri', 'http://localhost:8080', logger);
  return Object.freeze({
    baseUri,
    streamUri: url(options.streamUri, 'streamUri', baseUri, logger),
    stream: options.stream !== false,
    pollIntervalMs: number(options.pollIntervalMs, 'pollIntervalMs', 30_000, 1_000, logger),
    pollingFallbackAfterMs: number(
      options.pollingFallbackAfterMs,
      'pollingFallbackAfterMs',
      30_000,
      0,
      logger,
    ),
    initialReconnectDelayMs: number(
      options.initialReconnectDelayMs,
      'initialReconnectDelayMs',
      1_000,
      0,
      logger,
    ),
    streamReadTimeoutMs: number(options.streamReadTimeoutMs, 'streamReadTimeoutMs', 300_000, 1_000, logger),
    eventsUri: url(options.eventsUri, 'eventsUri', baseUri, logger),
    sendEvents: options.sendEvents ?? (options.offline !== true && options.dataSource === undefined),
    flushIntervalMs: number(options.flushIntervalMs, 'flushIntervalMs', 5_000, 100, logger),
    eventCapacity: number(options.eventCapacity, 'eventCapacity', 10_000, 1, logger),
    eventRetryDelayMs: number(options.eventRetryDelayMs, 'eventRetryDelayMs', 1_000, 0, logger),
    privateAttributes: Array.isArray(options.privateAttributes)
      ? options.privateAttributes.filter((a) => typeof a === 'string')
      : [],
    allAttributesPrivate: options.allAttributesPrivate === true,
    operationalCacheMs: number(options.operationalCacheMs, 'operationalCacheMs', 1_000, 0, logger),
    operationalCacheSize: number(options.operationalCacheSize, 'operationalCacheSize', 10_000, 1, logger),
    persistTo:
      typeof options.persistTo === 'string' && options.persistTo !== '' ? options.persistTo : undefined,
    dataSource: options.dataSource,
    offline: options.offline === true,
    logger,
  });
}
