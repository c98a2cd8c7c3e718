export { type FlagChange, init, type LDContext, SwitchyardClient } from './client.js';
export type { DataSink, DataSource, DataSourceFactory, SourceState } from './data-source.js';
export type { FlagData, ItemKind } from './flag-store.js';
export type { FlagsState, FlagsStateOptions } from './flags-state.js';
export type { Logger } from './logger.js';
export type { ClientOptions } from './options.js';
export { TestData } from './test-data.js';
export { FlagBuilder, RuleBuilder } from './test-flag-builder.js';
