/**
 * Migration 0006: the reason a person gave for a change, on its audit entry
 * (nullable: older entries and writes without a comment have none).
 */
import type { Kysely, Migration } from 'kysely';

export const auditCommentMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('audit_log').addColumn('comment', 'text').execute();
  },
};
