/**
 * The store port, owned by the control plane. Adapters (embedded SQLite, PostgreSQL)
 * implement it; one contract suite runs against each. Every write happens inside
 * `transaction`, which commits all of it or none of it, and nothing but the store may
 * be used inside (no broker, no HTTP: DESIGN.md §5.6).
 */
import type {
  Account,
  AccountOverride,
  ApiToken,
  AuditEntry,
  Change,
  Environment,
  Flag,
  FlagConfig,
  Project,
  ResourceKind,
  Segment,
  User,
} from './domain.js';

export type CredentialKind = 'sdkKey' | 'mobileKey' | 'clientSideId';

export interface FlagFilter {
  readonly tag?: string;
  /** Substring of the key or name, case-insensitive. */
  readonly query?: string;
  /** Undefined lists live flags only; true lists archived flags only. */
  readonly archived?: boolean;
}

export interface AuditFilter {
  readonly projectKey?: string;
  readonly resourceKind?: ResourceKind;
  readonly resourceKey?: string;
  /** The actor's token or user id, or a system actor's name. */
  readonly actor?: string;
  /** ISO timestamps, inclusive. */
  readonly from?: string;
  readonly to?: string;
  /** Entries with an id below this one (paging backwards from the newest). */
  readonly beforeId?: number;
  readonly limit: number;
}

export interface OverrideFilter {
  readonly accountKey?: string;
  /** True: only overrides that have not ended. */
  readonly active?: boolean;
  readonly limit: number;
}

export interface StoredToken extends ApiToken {
  readonly revoked: boolean;
}

/** A user with the hash of their password (never the password). */
export interface StoredUser extends User {
  readonly passwordHash: string;
}

/** A signed-in session, stored under the hash of its secret (the cookie's value). */
export interface Session {
  readonly userId: string;
  /** Every cookie-authenticated write must echo it in `x-csrf-token`. */
  readonly csrfToken: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** Sessions come and go with every sign-in, so they are written outside the audited transactions. */
export interface SessionStore {
  insertSession(secretHash: string, session: Session): Promise<void>;
  findSession(secretHash: string): Promise<Session | undefined>;
  deleteSession(secretHash: string): Promise<void>;
  /** Deletes sessions that expired before `now` (ISO). */
  pruneSessions(now: string): Promise<void>;
}

export interface StoreReads {
  getAccount(key: string): Promise<Account | undefined>;
  listAccounts(): Promise<Account[]>;
  getProject(key: string): Promise<Project | undefined>;
  listProjects(accountKey?: string): Promise<Project[]>;
  getEnvironment(projectKey: string, key: string): Promise<Environment | undefined>;
  listEnvironments(projectKey: string): Promise<Environment[]>;
  /** Every environment of every project (to build SDK snapshots at start-up). */
  listAllEnvironments(): Promise<Environment[]>;
  findEnvironmentByCredential(kind: CredentialKind, value: string): Promise<Environment | undefined>;
  getFlag(projectKey: string, key: string): Promise<Flag | undefined>;
  listFlags(projectKey: string, filter?: FlagFilter): Promise<Flag[]>;
  getFlagConfig(projectKey: string, environmentKey: string, flagKey: string): Promise<FlagConfig | undefined>;
  /** Every flag's configuration in one environment, keyed by flag key. */
  listFlagConfigs(projectKey: string, environmentKey: string): Promise<Map<string, FlagConfig>>;
  /** When each flag was last changed in one environment or in its definition (ISO), by flag key. */
  flagsLastChanged(projectKey: string, environmentKey: string): Promise<Map<string, string>>;
  getSegment(projectKey: string, environmentKey: string, key: string): Promise<Segment | undefined>;
  listSegments(projectKey: string, environmentKey: string): Promise<Segment[]>;
  findTokenByHash(tokenHash: string): Promise<StoredToken | undefined>;
  listTokens(): Promise<StoredToken[]>;
  getUser(id: string): Promise<StoredUser | undefined>;
  /** By lower-cased email. */
  findUserByEmail(email: string): Promise<StoredUser | undefined>;
  /** Oldest first. */
  listUsers(): Promise<StoredUser[]>;
  /** Newest first. */
  listAudit(filter: AuditFilter): Promise<AuditEntry[]>;
  getAuditEntry(id: number): Promise<AuditEntry | undefined>;
  /** Audit entries with an id above `afterId`, oldest first (the admin change feed). */
  auditSince(afterId: number, limit: number): Promise<AuditEntry[]>;
  /** Account overrides, newest first. */
  listOverrides(filter: OverrideFilter): Promise<AccountOverride[]>;
  getOverride(id: string): Promise<AccountOverride | undefined>;
  /** Changes with a sequence number above `afterSeq`, oldest first. */
  changesSince(afterSeq: number, limit: number): Promise<Change[]>;
}

export interface StoreTransaction extends StoreReads {
  insertAccount(account: Account): Promise<void>;
  updateAccount(account: Account): Promise<void>;
  insertProject(project: Project): Promise<void>;
  insertEnvironment(environment: Environment): Promise<void>;
  /** Replaces the environment's name, keys and secure mode (not its data version). */
  updateEnvironment(environment: Environment): Promise<void>;
  /**
   * Increments and returns the environment's data version. Call it before reading
   * what a write depends on: it locks the environment's row, so concurrent writers
   * to one environment are serialized and a stale read cannot slip through.
   */
  nextDataVersion(projectKey: string, environmentKey: string): Promise<number>;
  insertFlag(flag: Flag): Promise<void>;
  /** Writes `flag` only if the stored version is `expectedVersion`; false when it is not. */
  updateFlag(flag: Flag, expectedVersion: number): Promise<boolean>;
  /** Deletes the flag and its configuration in every environment. */
  deleteFlag(projectKey: string, key: string): Promise<void>;
  putFlagConfig(
    projectKey: string,
    environmentKey: string,
    flagKey: string,
    config: FlagConfig,
  ): Promise<void>;
  putSegment(segment: Segment): Promise<void>;
  deleteSegment(projectKey: string, environmentKey: string, key: string): Promise<void>;
  insertToken(token: ApiToken, tokenHash: string): Promise<void>;
  revokeToken(id: string): Promise<boolean>;
  insertUser(user: StoredUser): Promise<void>;
  /** Replaces the user's fields and password hash. */
  updateUser(user: StoredUser): Promise<void>;
  /**
   * Holds every user row until the transaction ends, so a check across users (the last admin)
   * cannot race a concurrent change; later reads in the transaction see what others committed.
   */
  lockUsers(): Promise<void>;
  /** Ends every session of the user (disabled, or a new password). */
  endSessionsOf(userId: string): Promise<void>;
  /** Inserts the override, or replaces the one with its id. */
  putOverride(override: AccountOverride): Promise<void>;
  appendAudit(entry: Omit<AuditEntry, 'id'>): Promise<void>;
  appendChange(change: Omit<Change, 'seq'>): Promise<void>;
}

export interface Store extends StoreReads {
  /** Runs `work` in one transaction; it commits when `work` resolves and rolls back when it rejects. */
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /** Answers whether the database can be reached (for /health). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
