/**
 * Migration 0009: evaluations rolled up per UTC day (ADR 0020). The flag list's summary
 * and a flag's per-environment view read 30 days for every flag at once; over the hourly
 * rows that is 720 rows per flag and variation, over these 30. Consumers add to both
 * tables in one transaction; the rows already there are rolled up here once.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from './dialect.js';

const DAY_MS = 86_400_000;

export function insightDaysMigration(dialect: Dialect): Migration {
  const big = dialect === 'sqlite' ? 'integer' : 'bigint';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('insight_evaluation_days')
        .addColumn('project_key', 'text', (c) => c.notNull())
        .addColumn('environment_key', 'text', (c) => c.notNull())
        .addColumn('flag_key', 'text', (c) => c.notNull())
        // -1 stands for "unknown", as in insight_evaluations.
        .addColumn('variation', 'integer', (c) => c.notNull())
        .addColumn('day', big, (c) => c.notNull())
        .addColumn('count', big, (c) => c.notNull())
        // The start of the latest hour of that day with evaluations: "last evaluated".
        .addColumn('last_hour', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('insight_evaluation_days_pk', [
          'project_key',
          'environment_key',
          'day',
          'flag_key',
          'variation',
        ])
        .execute();
      // A flag's days in every environment (its page), and pruning by age.
      await db.schema
        .createIndex('insight_evaluation_days_flag')
        .on('insight_evaluation_days')
        .columns(['project_key', 'flag_key', 'day'])
        .execute();
      await db.schema
        .createIndex('insight_evaluation_days_day')
        .on('insight_evaluation_days')
        .column('day')
        .execute();
      await sql`INSERT INTO insight_evaluation_days
          (project_key, environment_key, flag_key, variation, day, count, last_hour)
        SELECT project_key, environment_key, flag_key, variation, hour - (hour % ${sql.lit(DAY_MS)}),
          sum(count), max(hour)
        FROM insight_evaluations
        GROUP BY project_key, environment_key, flag_key, variation, hour - (hour % ${sql.lit(DAY_MS)})`.execute(
        db,
      );
    },
  };
}
