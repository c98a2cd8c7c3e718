/**
 * Real stores for tests, on both databases, so every suite that needs a store runs
 * against each adapter the same way (the store contract here, the control plane's
 * use cases in its package). Imported as `@switchyard/store-sql/testing`, by tests only.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { createSqlStore, type SqlStoreConfig } from './sql-store.js';

export type TestBackend = 'SQLite' | 'PostgreSQL';

export const TEST_BACKENDS: readonly TestBackend[] = ['SQLite', 'PostgreSQL'];

export type TestStore = Awaited<ReturnType<typeof createSqlStore>>;

const POSTGRES_URL = process.env.SWITCHYARD_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A fresh store: SQLite in a temporary directory, or PostgreSQL in a schema of its
 * own in the local test database (undefined when PostgreSQL cannot be reached).
 * `close` closes it and removes its data.
 */
export async function openTestStore(
  backend: TestBackend,
): Promise<{ store: TestStore; close: () => Promise<void> } | undefined> {
  if (backend === 'SQLite') {
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-store-'));
    const store = await createSqlStore({ kind: 'sqlite', file: join(dir, 'nested', 'switchyard.db') });
    return {
      store,
      close: async () => {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  try {
    const probe = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
    await probe.connect();
    await probe.end();
  } catch {
    return undefined;
  }
  const schema = `sy_test_${Math.random().toString(36).slice(2, 10)}`;
  const store = await createSqlStore({ kind: 'postgres', url: POSTGRES_URL, schema });
  return {
    store,
    close: async () => {
      await store.close();
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
      await client.end();
    },
  };
}

export type BackendTest = (title: string, fn: () => Promise<void>) => void;

/**
 * Opens a backend before the tests of the enclosing suite and closes it after; when
 * it is not reachable its tests are skipped, except under CI, where every backend is
 * required. Returns the suite's `test`.
 */
export function backendSuite<T extends { close: () => Promise<void> }>(
  name: string,
  open: () => Promise<T | undefined>,
  onOpen: (opened: T) => Promise<void> | void,
): BackendTest {
  let opened: T | undefined;
  let skip: string | false = false;
  before(async () => {
    opened = await open();
    if (!opened) {
      if (process.env.CI) throw new Error(`${name} is required under CI but is not reachable`);
      skip = `${name} is not reachable`;
      return;
    }
    await onOpen(opened);
  });
  after(() => opened?.close());
  return (title, fn) => test(title, async (t) => (skip ? t.skip(skip) : fn()));
}

/**
 * Rewrites a flag's creation time underneath a running server, as if the flag were made
 * long ago: stale-flag tests need a flag older than the 30 days they look at.
 */
export async function backdateFlag(
  config: SqlStoreConfig,
  projectKey: string,
  flagKey: string,
  createdAt: Date,
): Promise<void> {
  if (config.kind === 'sqlite') {
    const database = new SQLite(config.file, { timeout: 10_000 });
    try {
      database
        .prepare('UPDATE flags SET created_at = ? WHERE project_key = ? AND key = ?')
        .run(createdAt.toISOString(), projectKey, flagKey);
    } finally {
      database.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: config.url });
  await client.connect();
  try {
    await client.query('UPDATE flags SET created_at = $1 WHERE project_key = $2 AND key = $3', [
      createdAt.toISOString(),
      projectKey,
      flagKey,
    ]);
  } finally {
    await client.end();
  }
}
