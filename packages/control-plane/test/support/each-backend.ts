/**
 * Runs a suite of the control plane's use cases once per store (SQLite and
 * PostgreSQL, through store-sql's test stores), as store-sql's contract suite runs.
 * Each suite gets one store; each test makes its own project, so tests do not meet.
 */
import { createHash } from 'node:crypto';
import { describe } from 'node:test';
import {
  AccountService,
  type Actor,
  type AuditEntry,
  type Change,
  FlagService,
  ProjectService,
  SdkDataService,
  SegmentService,
  type Store,
  type StoreTransaction,
  TokenService,
} from '@switchyard/control-plane';
import { type BackendTest, backendSuite, openTestStore, TEST_BACKENDS } from '@switchyard/store-sql/testing';

export const ACTOR: Actor = { kind: 'token', id: 'tok-1', name: 'tester' };
export const NOW = new Date('2026-12-01T10:00:00.000Z');

/** What one store transaction did, as the recording store saw it. */
export interface TransactionRecord {
  audits: number;
  changes: number;
  committed: boolean;
}

export interface World {
  readonly store: Store;
  readonly accounts: AccountService;
  readonly projects: ProjectService;
  readonly flags: FlagService;
  readonly segments: SegmentService;
  readonly sdkData: SdkDataService;
  readonly tokens: TokenService;
  /** Every transaction run since the last `watch()`. */
  readonly transactions: TransactionRecord[];
  /** Forgets the transactions seen so far. */
  watch(): void;
  /** Makes the next call of `method` inside a transaction throw (after the calls before it ran). */
  failNext(method: keyof StoreTransaction): void;
  /** A fresh project with the environments `production` and `test`. */
  newProject(): Promise<string>;
  /** The change records of one project, oldest first. */
  changesOf(projectKey: string): Promise<Change[]>;
  /** The audit entries of one project, oldest first. */
  auditOf(projectKey: string): Promise<AuditEntry[]>;
}

let projects = 0;

/** `inner` with each transaction recorded, and with failures injected on demand. */
function recordingStore(inner: Store, transactions: TransactionRecord[], failing: Set<string>): Store {
  const transaction = <T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> => {
    const record: TransactionRecord = { audits: 0, changes: 0, committed: false };
    transactions.push(record);
    const watch = (tx: StoreTransaction) =>
      new Proxy(tx, {
        get(target, name) {
          const value = Reflect.get(target, name);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            if (typeof name === 'string' && failing.delete(name))
              return Promise.reject(new Error(`injected failure of ${name}`));
            if (name === 'appendAudit') record.audits++;
            if (name === 'appendChange') record.changes++;
            return value.apply(target, args);
          };
        },
      });
    return inner
      .transaction((tx) => work(watch(tx)))
      .then((result) => {
        record.committed = true;
        return result;
      });
  };
  return new Proxy(inner, {
    get(target, name) {
      if (name === 'transaction') return transaction;
      const value = Reflect.get(target, name);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function makeWorld(inner: Store): World {
  const transactions: TransactionRecord[] = [];
  const failing = new Set<string>();
  const store = recordingStore(inner, transactions, failing);
  let n = 0;
  const next = (prefix: string) => `${prefix}-${++n}`;
  const deps = {
    store,
    clock: { now: () => NOW },
    secrets: {
      newSdkKey: () => next('sdk'),
      newMobileKey: () => next('mob'),
      newClientSideId: () => next('cs'),
      newApiToken: () => next('api'),
      newSalt: () => next('salt'),
      hashToken: (token: string) => createHash('sha256').update(token).digest('hex'),
    },
  };
  const world: World = {
    store,
    accounts: new AccountService(deps),
    projects: new ProjectService(deps),
    flags: new FlagService(deps),
    segments: new SegmentService(deps),
    sdkData: new SdkDataService(deps),
    tokens: new TokenService(deps),
    transactions,
    watch: () => {
      transactions.length = 0;
    },
    failNext: (method) => {
      failing.add(method);
    },
    newProject: async () => {
      const key = `p${++projects}`;
      await world.projects.create({ key, name: `Project ${key}` }, ACTOR);
      return key;
    },
    changesOf: async (projectKey) =>
      (await inner.changesSince(0, 100_000)).filter((c) => c.projectKey === projectKey),
    auditOf: async (projectKey) => (await inner.listAudit({ projectKey, limit: 1000 })).reverse(),
  };
  return world;
}

/** `body` once per store; `it` skips when the store cannot be reached (except under CI). */
export function eachBackend(title: string, body: (it: BackendTest, world: () => World) => void): void {
  for (const backend of TEST_BACKENDS) {
    describe(`${title} on ${backend}`, () => {
      let world: World | undefined;
      const it = backendSuite(
        backend,
        () => openTestStore(backend),
        async ({ store }) => {
          world = makeWorld(store);
          await world.accounts.ensureDefaultAccount();
        },
      );
      body(it, () => {
        if (!world) throw new Error('the store is not open');
        return world;
      });
    });
  }
}
