/**
 * Versioned schema migrations, applied at start by Kysely's migrator (which takes a
 * lock, so several nodes starting at once on PostgreSQL migrate once).
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { accountSeriesMigration } from './account-series-migration.js';
import { auditCommentMigration } from './audit-comment-migration.js';
import type { Dialect } from './dialect.js';
import { flagContextsMigration } from './flag-contexts-migration.js';
import { insightDaysMigration } from './insight-days-migration.js';
import { insightsMigration } from './insights-migration.js';
import { nodeRatesMigration } from './node-rates-migration.js';
import { opsMigration } from './ops-migration.js';
import { usageMigration } from './usage-migration.js';
import { usersMigration } from './users-migration.js';

function migrations(dialect: Dialect): Record<string, Migration> {
  // Autoincrementing keys are the one thing the two dialects spell differently.
  const serial = dialect === 'sqlite' ? 'integer' : 'serial';
  return {
    '0001-initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('accounts')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('limits', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('projects')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('account_key', 'text', (c) => c.notNull().references('accounts.key'))
          .addColumn('system', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('environments')
          .addColumn('project_key', 'text', (c) => c.notNull().references('projects.key'))
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('sdk_key', 'text', (c) => c.notNull().unique())
          .addColumn('mobile_key', 'text', (c) => c.notNull().unique())
          .addColumn('client_side_id', 'text', (c) => c.notNull().unique())
          .addColumn('secure_mode', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('data_version', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('environments_pk', ['project_key', 'key'])
          .execute();
        await db.schema
          .createTable('flags')
          .addColumn('project_key', 'text', (c) => c.notNull().references('projects.key'))
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('tags', 'text', (c) => c.notNull())
          .addColumn('temporary', 'integer', (c) => c.notNull())
          .addColumn('variations', 'text', (c) => c.notNull())
          .addColumn('client_side_availability', 'text', (c) => c.notNull())
          .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('flags_pk', ['project_key', 'key'])
          .execute();
        await db.schema
          .createTable('flag_configs')
          .addColumn('project_key', 'text', (c) => c.notNull())
          .addColumn('environment_key', 'text', (c) => c.notNull())
          .addColumn('flag_key', 'text', (c) => c.notNull())
          .addColumn('config', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('flag_configs_pk', ['project_key', 'environment_key', 'flag_key'])
          .execute();
        await db.schema
          .createTable('segments')
          .addColumn('project_key', 'text', (c) => c.notNull())
          .addColumn('environment_key', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('segments_pk', ['project_key', 'environment_key', 'key'])
          .execute();
        await db.schema
          .createTable('api_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('project_key', 'text')
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createTable('audit_log')
          .addColumn('id', serial, (c) =>
            dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
          )
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('actor_id', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('resource_kind', 'text', (c) => c.notNull())
          .addColumn('project_key', 'text')
          .addColumn('environment_key', 'text')
          .addColumn('resource_key', 'text', (c) => c.notNull())
          .addColumn('before', 'text', (c) => c.notNull())
          .addColumn('after', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('audit_project')
          .on('audit_log')
          .columns(['project_key', 'resource_kind', 'resource_key'])
          .execute();
        await db.schema.createIndex('audit_actor').on('audit_log').column('actor_id').execute();
        await db.schema.createIndex('audit_at').on('audit_log').column('at').execute();
        await db.schema
          .createTable('changes')
          .addColumn('seq', serial, (c) =>
            dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
          )
          .addColumn('project_key', 'text', (c) => c.notNull())
          .addColumn('environment_key', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('deleted', 'integer', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0003-insights': insightsMigration(dialect),
    '0004-usage': usageMigration(dialect),
    '0005-node-rates': nodeRatesMigration(dialect),
    '0006-audit-comment': auditCommentMigration,
    '0007-users': usersMigration,
    '0008-ops': opsMigration(dialect),
    '0009-insight-days': insightDaysMigration(dialect),
    '0010-account-series': accountSeriesMigration(dialect),
    '0011-flag-contexts': flagContextsMigration(dialect),
  };
}

export async function migrate(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  // Kysely looks for its bookkeeping tables in every schema unless told which one; a
  // table of another application (or another Switchyard) in another schema would then
  // be taken for ours. On PostgreSQL they belong in the schema we write to.
  const migrationTableSchema =
    dialect === 'postgres'
      ? (await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db)).rows[0]?.schema
      : undefined;
  const { error } = await new Migrator({
    db,
    provider,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  }).migrateToLatest();
  if (error) throw error;
}
