/**
 * The one port through which flag data reaches the client: streaming, polling, files and test data
 * are its adapters. A source turns whatever it receives into these calls; it has already parsed and
 * checked the data, so the store applies each call whole or not at all.
 */
import type { FlagData, ItemKind } from './flag-store.js';
import type { Logger } from './logger.js';

export interface DataSink {
  /** A complete data set replacing everything held (a stream's `put`, a poll's body). */
  init(data: FlagData): void;
  /** One flag or segment, applied only if its version is newer than the one held. */
  upsert(kind: ItemKind, key: string, item: Record<string, unknown>): void;
  /** A deletion: a tombstone at `version`, applied only if newer. */
  remove(kind: ItemKind, key: string, version: number): void;
  /** The source's connection state, for `waitForInitialization` and logs. */
  status(state: SourceState, error?: Error): void;
}

/** `valid`: receiving data; `interrupted`: lost, retrying; `off`: given up (a 401 or 403) or closed. */
export type SourceState = 'valid' | 'interrupted' | 'off';

export interface DataSource {
  start(sink: DataSink): void;
  /** Stops all I/O and timers; safe to call twice. */
  close(): void;
}

/** What a client option names: each client gets a source of its own (TestData hands one to each). */
export interface DataSourceFactory {
  createDataSource(logger: Logger): DataSource;
}
