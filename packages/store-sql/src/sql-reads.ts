import type {
  Account,
  AccountOverride,
  AuditEntry,
  AuditFilter,
  Change,
  CredentialKind,
  Environment,
  Flag,
  FlagConfig,
  FlagFilter,
  OverrideFilter,
  Project,
  Segment,
  StoredToken,
  StoredUser,
  StoreReads,
} from '@switchyard/control-plane';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import * as rows from './rows.js';

const CREDENTIAL_COLUMN = {
  sdkKey: 'sdk_key',
  mobileKey: 'mobile_key',
  clientSideId: 'client_side_id',
} as const;

/** The store's queries, over the database or over an open transaction. */
export class SqlReads implements StoreReads {
  constructor(protected readonly db: Kysely<Database>) {}

  async getAccount(key: string): Promise<Account | undefined> {
    const row = await this.db.selectFrom('accounts').selectAll().where('key', '=', key).executeTakeFirst();
    return row && rows.account.from(row);
  }

  async listAccounts(): Promise<Account[]> {
    return (await this.db.selectFrom('accounts').selectAll().orderBy('key').execute()).map(rows.account.from);
  }

  async getProject(key: string): Promise<Project | undefined> {
    const row = await this.db.selectFrom('projects').selectAll().where('key', '=', key).executeTakeFirst();
    return row && rows.project.from(row);
  }

  async listProjects(accountKey?: string): Promise<Project[]> {
    let query = this.db.selectFrom('projects').selectAll().orderBy('key');
    if (accountKey !== undefined) query = query.where('account_key', '=', accountKey);
    return (await query.execute()).map(rows.project.from);
  }

  async getEnvironment(projectKey: string, key: string): Promise<Environment | undefined> {
    const row = await this.db
      .selectFrom('environments')
      .selectAll()
      .where('project_key', '=', projectKey)
      .where('key', '=', key)
      .executeTakeFirst();
    return row && rows.environment.from(row);
  }

  async listEnvironments(projectKey: string): Promise<Environment[]> {
    const found = await this.db
      .selectFrom('environments')
      .selectAll()
      .where('project_key', '=', projectKey)
      .orderBy('key')
      .execute();
    return found.map(rows.environment.from);
  }

  async listAllEnvironments(): Promise<Environment[]> {
    const found = await this.db
      .selectFrom('environments')
      .selectAll()
      .orderBy('project_key')
      .orderBy('key')
      .execute();
    return found.map(rows.environment.from);
  }

  async findEnvironmentByCredential(kind: CredentialKind, value: string): Promise<Environment | undefined> {
    const row = await this.db
      .selectFrom('environments')
      .selectAll()
      .where(CREDENTIAL_COLUMN[kind], '=', value)
      .executeTakeFirst();
    return row && rows.environment.from(row);
  }

  async getFlag(projectKey: string, key: string): Promise<Flag | undefined> {
    const row = await this.db
      .selectFrom('flags')
      .selectAll()
      .where('project_key', '=', projectKey)
      .where('key', '=', key)
      .executeTakeFirst();
    return row && rows.flag.from(row);
  }

  async listFlags(projectKey: string, filter: FlagFilter = {}): Promise<Flag[]> {
    let query = this.db
      .selectFrom('flags')
      .selectAll()
      .where('project_key', '=', projectKey)
      .where('archived', '=', filter.archived === true ? 1 : 0)
      .orderBy('key');
    // Tags are validated to exclude quotes, so a quoted substring of the JSON array is exact.
    if (filter.tag !== undefined)
      query = query.where('tags', 'like', `%${JSON.stringify(filter.tag).replace(/[%_]/g, '')}%`);
    if (filter.query !== undefined && filter.query !== '') {
      const pattern = `%${filter.query.toLowerCase().replace(/[%_\\]/g, '')}%`;
      query = query.where((eb) =>
        eb.or([eb(eb.fn('lower', ['key']), 'like', pattern), eb(eb.fn('lower', ['name']), 'like', pattern)]),
      );
    }
    const found = (await query.execute()).map(rows.flag.from);
    // The LIKE above is a coarse filter; the exact tag match is checked here.
    return filter.tag === undefined ? found : found.filter((f) => f.tags.includes(filter.tag as string));
  }

  async getFlagConfig(
    projectKey: string,
    environmentKey: string,
    flagKey: string,
  ): Promise<FlagConfig | undefined> {
    const row = await this.db
      .selectFrom('flag_configs')
      .select(['config', 'version'])
      .where('project_key', '=', projectKey)
      .where('environment_key', '=', environmentKey)
      .where('flag_key', '=', flagKey)
      .executeTakeFirst();
    return row && rows.flagConfig.from(row);
  }

  async listFlagConfigs(projectKey: string, environmentKey: string): Promise<Map<string, FlagConfig>> {
    const found = await this.db
      .selectFrom('flag_configs')
      .select(['flag_key', 'config', 'version'])
      .where('project_key', '=', projectKey)
      .where('environment_key', '=', environmentKey)
      .execute();
    return new Map(found.map((row) => [row.flag_key, rows.flagConfig.from(row)]));
  }

  async flagsLastChanged(projectKey: string, environmentKey: string): Promise<Map<string, string>> {
    const found = await this.db
      .selectFrom('audit_log')
      .select(['resource_key', (eb) => eb.fn.max('at').as('at')])
      .where('project_key', '=', projectKey)
      .where('resource_kind', '=', 'flag')
      .where((eb) => eb.or([eb('environment_key', '=', environmentKey), eb('environment_key', 'is', null)]))
      .groupBy('resource_key')
      .execute();
    return new Map(found.map((row) => [row.resource_key, String(row.at)]));
  }

  async getSegment(projectKey: string, environmentKey: string, key: string): Promise<Segment | undefined> {
    const row = await this.db
      .selectFrom('segments')
      .selectAll()
      .where('project_key', '=', projectKey)
      .where('environment_key', '=', environmentKey)
      .where('key', '=', key)
      .executeTakeFirst();
    return row && rows.segment.from(row);
  }

  async listSegments(projectKey: string, environmentKey: string): Promise<Segment[]> {
    const found = await this.db
      .selectFrom('segments')
      .selectAll()
      .where('project_key', '=', projectKey)
      .where('environment_key', '=', environmentKey)
      .orderBy('key')
      .execute();
    return found.map(rows.segment.from);
  }

  async findTokenByHash(tokenHash: string): Promise<StoredToken | undefined> {
    const row = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row && rows.token.from(row);
  }

  async listTokens(): Promise<StoredToken[]> {
    return (
      await this.db.selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('id').execute()
    ).map(rows.token.from);
  }

  async getUser(id: string): Promise<StoredUser | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && rows.user.from(row);
  }

  async findUserByEmail(email: string): Promise<StoredUser | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return row && rows.user.from(row);
  }

  async listUsers(): Promise<StoredUser[]> {
    const found = await this.db.selectFrom('users').selectAll().orderBy('created_at').orderBy('id').execute();
    return found.map(rows.user.from);
  }

  async listAudit(filter: AuditFilter): Promise<AuditEntry[]> {
    let query = this.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(filter.limit);
    if (filter.projectKey !== undefined) query = query.where('project_key', '=', filter.projectKey);
    if (filter.resourceKind !== undefined) query = query.where('resource_kind', '=', filter.resourceKind);
    if (filter.resourceKey !== undefined) query = query.where('resource_key', '=', filter.resourceKey);
    if (filter.actor !== undefined) query = query.where('actor_id', '=', filter.actor);
    if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('at', '<=', filter.to);
    if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
    return (await query.execute()).map(rows.audit.from);
  }

  async getAuditEntry(id: number): Promise<AuditEntry | undefined> {
    const row = await this.db.selectFrom('audit_log').selectAll().where('id', '=', id).executeTakeFirst();
    return row && rows.audit.from(row);
  }

  async listOverrides(filter: OverrideFilter): Promise<AccountOverride[]> {
    let query = this.db
      .selectFrom('account_overrides')
      .selectAll()
      .orderBy('set_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit);
    if (filter.accountKey !== undefined) query = query.where('account_key', '=', filter.accountKey);
    if (filter.active === true) query = query.where('active', '=', 1);
    return (await query.execute()).map(rows.override.from);
  }

  async getOverride(id: string): Promise<AccountOverride | undefined> {
    const row = await this.db
      .selectFrom('account_overrides')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && rows.override.from(row);
  }

  async auditSince(afterId: number, limit: number): Promise<AuditEntry[]> {
    const found = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return found.map(rows.audit.from);
  }

  async changesSince(afterSeq: number, limit: number): Promise<Change[]> {
    const found = await this.db
      .selectFrom('changes')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return found.map(rows.change.from);
  }
}
