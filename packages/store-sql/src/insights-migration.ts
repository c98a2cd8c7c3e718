/**
 * Migration 0003: the insights that consumers fold event batches into (bounded
 * rollups: per hour, pruned after a retention window) and the payload IDs already
 * applied, which make redelivered batches count once.
 */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from './dialect.js';

export function insightsMigration(dialect: Dialect): Migration {
  // Epoch milliseconds and busy counters pass 2^31; SQLite's integer is 64-bit already.
  const big = dialect === 'sqlite' ? 'integer' : 'bigint';
  const real = dialect === 'sqlite' ? 'real' : 'double precision';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('insight_evaluations')
        .addColumn('project_key', 'text', (c) => c.notNull())
        .addColumn('environment_key', 'text', (c) => c.notNull())
        .addColumn('flag_key', 'text', (c) => c.notNull())
        // -1 stands for "unknown": a primary key column cannot be null.
        .addColumn('variation', 'integer', (c) => c.notNull())
        .addColumn('hour', big, (c) => c.notNull())
        .addColumn('count', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('insight_evaluations_pk', [
          'project_key',
          'environment_key',
          'flag_key',
          'variation',
          'hour',
        ])
        .execute();
      await db.schema
        .createIndex('insight_evaluations_hour')
        .on('insight_evaluations')
        .column('hour')
        .execute();
      await db.schema
        .createTable('insight_custom_events')
        .addColumn('project_key', 'text', (c) => c.notNull())
        .addColumn('environment_key', 'text', (c) => c.notNull())
        .addColumn('event_key', 'text', (c) => c.notNull())
        .addColumn('hour', big, (c) => c.notNull())
        .addColumn('count', big, (c) => c.notNull())
        .addColumn('metric_sum', real, (c) => c.notNull())
        .addPrimaryKeyConstraint('insight_custom_events_pk', [
          'project_key',
          'environment_key',
          'event_key',
          'hour',
        ])
        .execute();
      await db.schema
        .createIndex('insight_custom_events_hour')
        .on('insight_custom_events')
        .column('hour')
        .execute();
      await db.schema
        .createTable('insight_contexts')
        .addColumn('project_key', 'text', (c) => c.notNull())
        .addColumn('environment_key', 'text', (c) => c.notNull())
        .addColumn('context_kind', 'text', (c) => c.notNull())
        .addColumn('context_key', 'text', (c) => c.notNull())
        .addColumn('last_seen', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('insight_contexts_pk', [
          'project_key',
          'environment_key',
          'context_kind',
          'context_key',
        ])
        .execute();
      await db.schema
        .createIndex('insight_contexts_recent')
        .on('insight_contexts')
        .columns(['project_key', 'environment_key', 'last_seen'])
        .execute();
      await db.schema
        .createIndex('insight_contexts_seen')
        .on('insight_contexts')
        .column('last_seen')
        .execute();
      await db.schema
        .createTable('processed_payloads')
        .addColumn('project_key', 'text', (c) => c.notNull())
        .addColumn('environment_key', 'text', (c) => c.notNull())
        .addColumn('payload_id', 'text', (c) => c.notNull())
        .addColumn('processed_at', big, (c) => c.notNull())
        // Scoped by environment, so an SDK that reuses payload IDs cannot suppress another's batches.
        .addPrimaryKeyConstraint('processed_payloads_pk', ['project_key', 'environment_key', 'payload_id'])
        .execute();
      await db.schema
        .createIndex('processed_payloads_at')
        .on('processed_payloads')
        .column('processed_at')
        .execute();
    },
  };
}
