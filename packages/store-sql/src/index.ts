export { type ChangeListener, type ChangeListenerOptions, listenForChanges } from './change-listener.js';
export { createSqlStore, type SqlStoreConfig } from './sql-store.js';
