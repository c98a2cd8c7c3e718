/**
 * The insights sink a consumer thread opens (ConsumerThread in @switchyard/pipeline): the
 * store's insights on a connection of the thread's own. Loaded by URL, never imported.
 */
import type { ClosableInsightsSink } from '@switchyard/pipeline';
import { createSqlStore, type SqlStoreConfig } from '@switchyard/store-sql';

export async function openInsightsSink(config: SqlStoreConfig): Promise<ClosableInsightsSink> {
  // One apply runs at a time on the thread; PostgreSQL needs no more than a spare connection.
  const store = await createSqlStore(config.kind === 'postgres' ? { ...config, poolSize: 2 } : config);
  return { apply: (batches) => store.insights.apply(batches), close: () => store.close() };
}
