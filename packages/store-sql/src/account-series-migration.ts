/**
 * Migration 0010: each account's event usage per minute and per hour (accepted, and
 * dropped by reason), added to by every node's usage flush so a bucket is the
 * cluster's count; the one-account page charts it. Bounded: the server prunes minutes
 * after a few hours and hours after 8 days.
 */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from './dialect.js';

export function accountSeriesMigration(dialect: Dialect): Migration {
  const big = dialect === 'sqlite' ? 'integer' : 'bigint';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('usage_series')
        .addColumn('account_key', 'text', (c) => c.notNull())
        // 'minute' or 'hour'.
        .addColumn('grain', 'text', (c) => c.notNull())
        // The bucket's start, epoch milliseconds.
        .addColumn('bucket', big, (c) => c.notNull())
        .addColumn('metric', 'text', (c) => c.notNull())
        .addColumn('count', big, (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('usage_series_pk', ['account_key', 'grain', 'bucket', 'metric'])
        .execute();
      await db.schema
        .createIndex('usage_series_prune')
        .on('usage_series')
        .columns(['grain', 'bucket'])
        .execute();
    },
  };
}
