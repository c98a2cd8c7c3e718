/** Mapping between rows and the control plane's records. */
import type {
  Account,
  AccountOverride,
  Actor,
  AuditEntry,
  Change,
  Environment,
  Flag,
  FlagConfig,
  Project,
  ResourceKind,
  Role,
  Segment,
  StoredToken,
  StoredUser,
} from '@switchyard/control-plane';
import type { JsonValue } from '@switchyard/engine';
import type { Selectable } from 'kysely';
import type {
  AccountOverrideRow,
  AccountRow,
  AuditRow,
  ChangeRow,
  EnvironmentRow,
  FlagConfigRow,
  FlagRow,
  ProjectRow,
  SegmentRow,
  TokenRow,
  UserRow,
} from './database.js';

const bool = (value: number | boolean) => value === 1 || value === true;
const bit = (value: boolean) => (value ? 1 : 0);

export const account = {
  from: (r: AccountRow): Account => ({
    key: r.key,
    name: r.name,
    plan: r.plan,
    limits: JSON.parse(r.limits),
    createdAt: r.created_at,
  }),
  to: (a: Account): AccountRow => ({
    key: a.key,
    name: a.name,
    plan: a.plan,
    limits: JSON.stringify(a.limits),
    created_at: a.createdAt,
  }),
};

export const project = {
  from: (r: ProjectRow): Project => ({
    key: r.key,
    name: r.name,
    accountKey: r.account_key,
    system: bool(r.system),
    createdAt: r.created_at,
  }),
  to: (p: Project): ProjectRow => ({
    key: p.key,
    name: p.name,
    account_key: p.accountKey,
    system: bit(p.system),
    created_at: p.createdAt,
  }),
};

export const environment = {
  from: (r: EnvironmentRow): Environment => ({
    projectKey: r.project_key,
    key: r.key,
    name: r.name,
    sdkKey: r.sdk_key,
    mobileKey: r.mobile_key,
    clientSideId: r.client_side_id,
    secureMode: bool(r.secure_mode),
    dataVersion: Number(r.data_version),
    createdAt: r.created_at,
  }),
  to: (e: Environment): EnvironmentRow => ({
    project_key: e.projectKey,
    key: e.key,
    name: e.name,
    sdk_key: e.sdkKey,
    mobile_key: e.mobileKey,
    client_side_id: e.clientSideId,
    secure_mode: bit(e.secureMode),
    data_version: e.dataVersion,
    created_at: e.createdAt,
  }),
};

export const flag = {
  from: (r: FlagRow): Flag => ({
    projectKey: r.project_key,
    key: r.key,
    name: r.name,
    description: r.description,
    tags: JSON.parse(r.tags),
    temporary: bool(r.temporary),
    variations: JSON.parse(r.variations),
    clientSideAvailability: JSON.parse(r.client_side_availability),
    archived: bool(r.archived),
    createdAt: r.created_at,
    version: Number(r.version),
  }),
  to: (f: Flag): FlagRow => ({
    project_key: f.projectKey,
    key: f.key,
    name: f.name,
    description: f.description,
    tags: JSON.stringify(f.tags),
    temporary: bit(f.temporary),
    variations: JSON.stringify(f.variations),
    client_side_availability: JSON.stringify(f.clientSideAvailability),
    archived: bit(f.archived),
    created_at: f.createdAt,
    version: f.version,
  }),
};

export const flagConfig = {
  from: (r: Pick<FlagConfigRow, 'config' | 'version'>): FlagConfig => ({
    ...JSON.parse(r.config),
    version: Number(r.version),
  }),
  to: (projectKey: string, environmentKey: string, flagKey: string, c: FlagConfig): FlagConfigRow => {
    const { version, ...config } = c;
    return {
      project_key: projectKey,
      environment_key: environmentKey,
      flag_key: flagKey,
      config: JSON.stringify(config),
      version,
    };
  },
};

export const segment = {
  from: (r: SegmentRow): Segment => ({
    ...JSON.parse(r.data),
    projectKey: r.project_key,
    environmentKey: r.environment_key,
    key: r.key,
    version: Number(r.version),
  }),
  to: (s: Segment): SegmentRow => {
    const { projectKey, environmentKey, key, version, ...data } = s;
    return {
      project_key: projectKey,
      environment_key: environmentKey,
      key,
      data: JSON.stringify(data),
      version,
    };
  },
};

export const token = {
  from: (r: TokenRow): StoredToken => ({
    id: r.id,
    name: r.name,
    role: r.role as Role,
    projectKey: r.project_key,
    createdAt: r.created_at,
    revoked: bool(r.revoked),
  }),
};

export const user = {
  from: (r: UserRow): StoredUser => ({
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role as Role,
    projectKey: r.project_key,
    disabled: bool(r.disabled),
    createdAt: r.created_at,
    passwordHash: r.password_hash,
  }),
  to: (u: StoredUser): UserRow => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    project_key: u.projectKey,
    disabled: bit(u.disabled),
    password_hash: u.passwordHash,
    created_at: u.createdAt,
  }),
};

export const audit = {
  from: (r: Selectable<AuditRow>): AuditEntry => ({
    id: Number(r.id),
    at: r.at,
    actor: JSON.parse(r.actor) as Actor,
    action: r.action,
    resourceKind: r.resource_kind as ResourceKind,
    projectKey: r.project_key,
    environmentKey: r.environment_key,
    resourceKey: r.resource_key,
    before: JSON.parse(r.before) as JsonValue,
    after: JSON.parse(r.after) as JsonValue,
    comment: r.comment ?? null,
  }),
};

export const change = {
  from: (r: Selectable<ChangeRow>): Change => ({
    seq: Number(r.seq),
    projectKey: r.project_key,
    environmentKey: r.environment_key,
    kind: r.kind as Change['kind'],
    key: r.key,
    version: Number(r.version),
    deleted: bool(r.deleted),
    at: r.at,
  }),
};

export const override = {
  from: (r: AccountOverrideRow): AccountOverride => JSON.parse(r.data) as AccountOverride,
  to: (o: AccountOverride): AccountOverrideRow => ({
    id: o.id,
    account_key: o.accountKey,
    active: bit(o.end === null),
    set_at: o.setAt,
    data: JSON.stringify(o),
  }),
};
