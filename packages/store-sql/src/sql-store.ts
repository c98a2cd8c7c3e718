/**
 * createSqlStore: the control plane's store on embedded SQLite (better-sqlite3) or
 * PostgreSQL (pg), through one Kysely implementation (docs/adr/0003).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  ControlPlaneError,
  type NodeStatusStore,
  type SessionStore,
  type Store,
  type StoreTransaction,
  type UsageStore,
} from '@switchyard/control-plane';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
} from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import type { Dialect } from './dialect.js';
import { migrate } from './migrations.js';
import { SqlInsights } from './sql-insights.js';
import { SqlNodeStatus } from './sql-node-status.js';
import { SqlReads } from './sql-reads.js';
import { SqlSessions } from './sql-sessions.js';
import { SqlTransaction } from './sql-transaction.js';
import { SqlUsage } from './sql-usage.js';
import { SqliteInsightsWriter } from './sqlite-insights-writer.js';

export type SqlStoreConfig =
  | { readonly kind: 'sqlite'; readonly file: string }
  | {
      readonly kind: 'postgres';
      readonly url: string;
      readonly schema?: string;
      readonly poolSize?: number;
      /** Told once when connections start dying, and again only after one connected since. */
      readonly onConnectionLost?: (error: unknown) => void;
    };

/**
 * A pg connection that dies emits `error`: on the pool while idle, on the client while checked
 * out (a query or transaction in flight). Either unhandled is an uncaught exception that ends the
 * process, so every connection gets a handler. The query in flight still rejects, which is what
 * the store's outage handling acts on; the handler only reports, once per outage, not per
 * connection of the storm.
 */
function connectionLossReporter(report: (error: unknown) => void = () => {}) {
  let reported = false;
  return {
    lost(error: unknown): void {
      if (reported) return;
      reported = true;
      report(error);
    },
    connected(): void {
      reported = false;
    },
  };
}

/**
 * Transactions on SQLite begin IMMEDIATE, taking the write lock up front. A deferred
 * transaction that reads and then writes fails with SQLITE_BUSY_SNAPSHOT, which the busy
 * timeout does not retry, whenever another connection committed in between; with a
 * consumer thread writing insights on its own connection, that happened to admin writes
 * under event load.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly options: SqliteDialectConfig) {
    super(options);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.options);
  }
}

function openSqlite(file: string): { db: Kysely<Database>; database: SQLite.Database } {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return { db: new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database }) }), database };
}

async function openPostgres(
  config: Extract<SqlStoreConfig, { kind: 'postgres' }>,
): Promise<Kysely<Database>> {
  if (config.schema !== undefined) {
    const client = new pg.Client({ connectionString: config.url });
    // Its failure rejects connect() or query() below; the event must not be uncaught as well.
    client.on('error', () => {});
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(config.schema)}`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize ?? 10,
    ...(config.schema === undefined ? {} : { options: `-c search_path=${config.schema}` }),
  });
  const loss = connectionLossReporter(config.onConnectionLost);
  // An idle connection that dies is reported on the pool; the pool reconnects on next use.
  pool.on('error', (error) => loss.lost(error));
  pool.on('connect', (client) => {
    loss.connected();
    // A checked-out one reports on the client, which pg-pool leaves without a listener.
    client.on('error', (error) => loss.lost(error));
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P03',
  '08006',
  '08001',
]);

/** The database could not be reached (refused, cut, shutting down): nothing was committed. */
function isUnreachable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return UNREACHABLE.has(String(code)) || /Connection terminated|connect ECONNREFUSED/.test(String(message));
}

/** A unique-key violation means a concurrent writer created the same thing first. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

class SqlStore extends SqlReads implements Store {
  /** Event usage counters, written outside the audited transactions. */
  readonly usage: UsageStore;
  /** Event insights (the pipeline's sink and the admin API's reads), outside the audited transactions. */
  readonly insights: SqlInsights;
  /** Sign-in sessions, outside the audited transactions. */
  readonly sessions: SessionStore;
  /** Each node's heartbeat, outside the audited transactions. */
  readonly nodes: NodeStatusStore;

  /** `sqlite` is the handle under `db` on SQLite, for the insights' prepared statements. */
  constructor(
    db: Kysely<Database>,
    private readonly notify: boolean,
    sqlite?: SQLite.Database,
  ) {
    super(db);
    this.usage = new SqlUsage(db);
    this.sessions = translatingErrors(new SqlSessions(db));
    this.nodes = translatingErrors(new SqlNodeStatus(db));
    const writer = sqlite === undefined ? undefined : new SqliteInsightsWriter(sqlite);
    this.insights = translatingErrors(new SqlInsights(db, Date.now, {}, writer));
  }

  async transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction().execute((trx) => work(new SqlTransaction(trx, this.notify)));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ControlPlaneError(
          'ALREADY_EXISTS',
          'Something with the same key or credential already exists',
        );
      }
      throw error;
    }
  }

  async ping(): Promise<boolean> {
    try {
      await sql`SELECT 1`.execute(this.db);
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}

/** Driver errors the control plane can act on become its own errors (409, 503). */
function translate(error: unknown): unknown {
  if (isUniqueViolation(error)) {
    return new ControlPlaneError(
      'ALREADY_EXISTS',
      'Something with the same key or credential already exists',
    );
  }
  if (isUnreachable(error)) {
    return new ControlPlaneError(
      'STORE_UNAVAILABLE',
      'The database cannot be reached; nothing was changed; retry shortly',
    );
  }
  return error;
}

/** Every store call, reads and transactions alike, reports driver errors translated. */
function translatingErrors<S extends object>(store: S): S {
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args);
        return result instanceof Promise
          ? result.catch((error: unknown) => {
              throw translate(error);
            })
          : result;
      };
    },
  });
}

export async function createSqlStore(config: SqlStoreConfig): Promise<
  Store & {
    readonly usage: UsageStore;
    readonly insights: SqlInsights;
    readonly sessions: SessionStore;
    readonly nodes: NodeStatusStore;
  }
> {
  const sqlite = config.kind === 'sqlite' ? openSqlite(config.file) : undefined;
  const db = sqlite?.db ?? (await openPostgres(config as Extract<SqlStoreConfig, { kind: 'postgres' }>));
  const dialect: Dialect = config.kind;
  try {
    await migrate(db as unknown as Kysely<unknown>, dialect);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return translatingErrors(new SqlStore(db, config.kind === 'postgres', sqlite?.database));
}
