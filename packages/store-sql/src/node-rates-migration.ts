/**
 * Migration 0005: each node's events per second per account over its last second,
 * shared through the database so that per-second limits and the circuit breaker hold
 * across nodes. Each node writes only its own rows; readers skip stale ones.
 */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from './dialect.js';

export function nodeRatesMigration(dialect: Dialect): Migration {
  const big = dialect === 'sqlite' ? 'integer' : 'bigint';
  const real = dialect === 'sqlite' ? 'real' : 'double precision';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('node_rates')
        .addColumn('node', 'text', (c) => c.notNull())
        .addColumn('account_key', 'text', (c) => c.notNull())
        .addColumn('offered', real, (c) => c.notNull())
        .addColumn('accepted', real, (c) => c.notNull())
        // Epoch milliseconds of the node's last write.
        .addColumn('at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('node_rates_pk', ['node', 'account_key'])
        .execute();
      await db.schema.createIndex('node_rates_at').on('node_rates').column('at').execute();
    },
  };
}
