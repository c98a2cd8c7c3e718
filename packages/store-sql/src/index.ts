export { createSqlStore, type SqlStoreConfig } from './sql-store.js';
