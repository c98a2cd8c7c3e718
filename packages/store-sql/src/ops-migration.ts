/**
 * Migration 0008: the operators' console. Account overrides (cut-offs, sampling ratios,
 * per-second limits for a while), each a record kept after it ends as the account's
 * history; and each node's status (its heartbeat: health, and what its SDK streams
 * received), which only that node writes and readers skip once stale.
 */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from './dialect.js';

export function opsMigration(dialect: Dialect): Migration {
  const big = dialect === 'sqlite' ? 'integer' : 'bigint';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('account_overrides')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_key', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('set_at', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('account_overrides_account')
        .on('account_overrides')
        .columns(['account_key', 'set_at'])
        .execute();
      await db.schema
        .createIndex('account_overrides_active')
        .on('account_overrides')
        .column('active')
        .execute();
      await db.schema
        .createTable('node_status')
        .addColumn('node', 'text', (c) => c.primaryKey())
        // Epoch milliseconds of the node's last heartbeat.
        .addColumn('at', big, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
