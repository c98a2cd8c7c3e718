import {
  type Account,
  type AccountOverride,
  type ApiToken,
  type AuditEntry,
  type Change,
  ControlPlaneError,
  type Environment,
  type Flag,
  type FlagConfig,
  type Project,
  type Segment,
  type StoredUser,
  type StoreTransaction,
} from '@switchyard/control-plane';
import { sql, type Transaction } from 'kysely';
import { CHANGE_CHANNEL } from './change-listener.js';
import type { Database } from './database.js';
import * as rows from './rows.js';
import { SqlReads } from './sql-reads.js';

/** Writes inside one open transaction; reads see its own writes. */
export class SqlTransaction extends SqlReads implements StoreTransaction {
  constructor(
    private readonly trx: Transaction<Database>,
    private readonly notify: boolean,
  ) {
    super(trx);
  }

  async insertAccount(account: Account): Promise<void> {
    await this.trx.insertInto('accounts').values(rows.account.to(account)).execute();
  }

  async updateAccount(account: Account): Promise<void> {
    const { key, ...row } = rows.account.to(account);
    await this.trx.updateTable('accounts').set(row).where('key', '=', key).execute();
  }

  async insertProject(project: Project): Promise<void> {
    await this.trx.insertInto('projects').values(rows.project.to(project)).execute();
  }

  async insertEnvironment(environment: Environment): Promise<void> {
    await this.trx.insertInto('environments').values(rows.environment.to(environment)).execute();
  }

  async updateEnvironment(environment: Environment): Promise<void> {
    const row = rows.environment.to(environment);
    await this.trx
      .updateTable('environments')
      .set({
        name: row.name,
        sdk_key: row.sdk_key,
        mobile_key: row.mobile_key,
        client_side_id: row.client_side_id,
        secure_mode: row.secure_mode,
      })
      .where('project_key', '=', row.project_key)
      .where('key', '=', row.key)
      .execute();
  }

  async nextDataVersion(projectKey: string, environmentKey: string): Promise<number> {
    const row = await this.trx
      .updateTable('environments')
      .set((eb) => ({ data_version: eb('data_version', '+', 1) }))
      .where('project_key', '=', projectKey)
      .where('key', '=', environmentKey)
      .returning('data_version')
      .executeTakeFirst();
    if (!row)
      throw new ControlPlaneError(
        'NOT_FOUND',
        `Environment "${projectKey}/${environmentKey}" does not exist`,
      );
    return Number(row.data_version);
  }

  async insertFlag(flag: Flag): Promise<void> {
    await this.trx.insertInto('flags').values(rows.flag.to(flag)).execute();
  }

  async updateFlag(flag: Flag, expectedVersion: number): Promise<boolean> {
    const { project_key, key, ...row } = rows.flag.to(flag);
    const result = await this.trx
      .updateTable('flags')
      .set(row)
      .where('project_key', '=', project_key)
      .where('key', '=', key)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async deleteFlag(projectKey: string, key: string): Promise<void> {
    await this.trx
      .deleteFrom('flag_configs')
      .where('project_key', '=', projectKey)
      .where('flag_key', '=', key)
      .execute();
    await this.trx.deleteFrom('flags').where('project_key', '=', projectKey).where('key', '=', key).execute();
  }

  async putFlagConfig(
    projectKey: string,
    environmentKey: string,
    flagKey: string,
    config: FlagConfig,
  ): Promise<void> {
    const row = rows.flagConfig.to(projectKey, environmentKey, flagKey, config);
    await this.trx
      .insertInto('flag_configs')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['project_key', 'environment_key', 'flag_key'])
          .doUpdateSet({ config: row.config, version: row.version }),
      )
      .execute();
  }

  async putSegment(segment: Segment): Promise<void> {
    const row = rows.segment.to(segment);
    await this.trx
      .insertInto('segments')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['project_key', 'environment_key', 'key'])
          .doUpdateSet({ data: row.data, version: row.version }),
      )
      .execute();
  }

  async deleteSegment(projectKey: string, environmentKey: string, key: string): Promise<void> {
    await this.trx
      .deleteFrom('segments')
      .where('project_key', '=', projectKey)
      .where('environment_key', '=', environmentKey)
      .where('key', '=', key)
      .execute();
  }

  async insertToken(token: ApiToken, tokenHash: string): Promise<void> {
    await this.trx
      .insertInto('api_tokens')
      .values({
        id: token.id,
        name: token.name,
        role: token.role,
        project_key: token.projectKey,
        token_hash: tokenHash,
        created_at: token.createdAt,
        revoked: 0,
      })
      .execute();
  }

  async revokeToken(id: string): Promise<boolean> {
    const result = await this.trx
      .updateTable('api_tokens')
      .set({ revoked: 1 })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async insertUser(user: StoredUser): Promise<void> {
    await this.trx.insertInto('users').values(rows.user.to(user)).execute();
  }

  async updateUser(user: StoredUser): Promise<void> {
    const { id, ...row } = rows.user.to(user);
    await this.trx.updateTable('users').set(row).where('id', '=', id).execute();
  }

  async lockUsers(): Promise<void> {
    // A no-op update locks the rows on PostgreSQL; SQLite's IMMEDIATE transaction already holds the write lock.
    await this.trx
      .updateTable('users')
      .set((eb) => ({ role: eb.ref('role') }))
      .execute();
  }

  async endSessionsOf(userId: string): Promise<void> {
    await this.trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  async putOverride(override: AccountOverride): Promise<void> {
    const row = rows.override.to(override);
    await this.trx
      .insertInto('account_overrides')
      .values(row)
      .onConflict((conflict) => conflict.column('id').doUpdateSet({ active: row.active, data: row.data }))
      .execute();
  }

  async appendAudit(entry: Omit<AuditEntry, 'id'>): Promise<void> {
    await this.trx
      .insertInto('audit_log')
      .values({
        at: entry.at,
        actor_id: entry.actor.kind === 'system' ? entry.actor.name : entry.actor.id,
        actor: JSON.stringify(entry.actor),
        action: entry.action,
        resource_kind: entry.resourceKind,
        project_key: entry.projectKey,
        environment_key: entry.environmentKey,
        resource_key: entry.resourceKey,
        before: JSON.stringify(entry.before ?? null),
        after: JSON.stringify(entry.after ?? null),
        comment: entry.comment,
      })
      .execute();
  }

  async appendChange(change: Omit<Change, 'seq'>): Promise<void> {
    await this.trx
      .insertInto('changes')
      .values({
        project_key: change.projectKey,
        environment_key: change.environmentKey,
        kind: change.kind,
        key: change.key,
        version: change.version,
        deleted: change.deleted ? 1 : 0,
        at: change.at,
      })
      .execute();
    // Delivered to the other nodes only if this transaction commits.
    if (this.notify) await sql`SELECT pg_notify(${CHANGE_CHANNEL}, '')`.execute(this.trx);
  }
}
