/**
 * Migration 0004: each account's plan, and event usage counters per account, month
 * and metric (added to by every node, read by the usage API and the guard).
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from './dialect.js';

export function usageMigration(dialect: Dialect): Migration {
  // A month of events can pass 2^31 on a busy account.
  const counter = dialect === 'sqlite' ? 'integer' : 'bigint';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('accounts')
        .addColumn('plan', 'text', (c) => c.notNull().defaultTo(sql`'standard'`))
        .execute();
      await db.schema
        .createTable('usage')
        .addColumn('account_key', 'text', (c) => c.notNull())
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('metric', 'text', (c) => c.notNull())
        .addColumn('count', counter, (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('usage_pk', ['account_key', 'month', 'metric'])
        .execute();
    },
  };
}
