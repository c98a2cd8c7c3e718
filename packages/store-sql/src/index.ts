export { type ChangeListener, type ChangeListenerOptions, listenForChanges } from './change-listener.js';
export type { InsightsPruned, InsightsRetention, SqlInsights } from './sql-insights.js';
export { createSqlStore, type SqlStoreConfig } from './sql-store.js';
