/**
 * Migration 0011: when each context last evaluated each flag, per environment, where
 * the events attribute it exactly (docs/adr/0021). Bounded: each apply keeps the
 * latest contexts of every flag it touched (FLAG_CONTEXTS_KEPT), and pruning drops
 * those not seen within the retention window.
 */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from './dialect.js';

export function flagContextsMigration(dialect: Dialect): Migration {
  const big = dialect === 'sqlite' ? 'integer' : 'bigint';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('insight_flag_contexts')
        .addColumn('project_key', 'text', (c) => c.notNull())
        .addColumn('environment_key', 'text', (c) => c.notNull())
        .addColumn('flag_key', 'text', (c) => c.notNull())
        .addColumn('context_kind', 'text', (c) => c.notNull())
        .addColumn('context_key', 'text', (c) => c.notNull())
        .addColumn('last_seen', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('insight_flag_contexts_pk', [
          'project_key',
          'environment_key',
          'flag_key',
          'context_kind',
          'context_key',
        ])
        .execute();
      // A flag's latest contexts (its page, and the trim to the latest N).
      await db.schema
        .createIndex('insight_flag_contexts_recent')
        .on('insight_flag_contexts')
        .columns(['project_key', 'environment_key', 'flag_key', 'last_seen'])
        .execute();
      await db.schema
        .createIndex('insight_flag_contexts_seen')
        .on('insight_flag_contexts')
        .column('last_seen')
        .execute();
    },
  };
}
