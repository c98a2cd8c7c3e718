/**
 * Starts a real Switchyard server for a test: SQLite in a temporary directory, or
 * PostgreSQL in a fresh schema of the local test database, on a free loopback port.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqlStoreConfig } from '@switchyard/store-sql';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { type RunningServer, type StartOptions, startServer } from '../../src/main.js';

export type Backend = 'sqlite' | 'postgres';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const POSTGRES_URL =
  process.env.SWITCHYARD_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestServer {
  readonly url: string;
  /** The PostgreSQL URL (with its schema) this server uses, for a second node. */
  readonly databaseUrl: string | undefined;
  /** Where this server's database is, for tests that write rows underneath it. */
  readonly store: SqlStoreConfig;
  readonly server: RunningServer;
  /** Calls the server with the admin token (or `token`), returning status, headers and parsed JSON. */
  api(method: string, path: string, body?: unknown, token?: string | null): Promise<ApiResponse>;
  /** Stops the server and starts it again on the same port, running `whileDown` in between. */
  restart(whileDown?: () => Promise<unknown>): Promise<TestServer>;
  close(): Promise<void>;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies freely
  readonly body: any;
}

export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function freshSchema(): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `sy_test_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** A response's status, headers and body (parsed when it is JSON, else the text). */
export function readResponse(response: http.IncomingMessage): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('error', reject);
    response.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(response.headers)) {
        if (typeof value === 'string') headers.set(name, value);
      }
      resolve({ status: response.statusCode ?? 0, headers, body: parsed });
    });
  });
}

/**
 * One HTTP call on a fresh connection (no keep-alive pool), so a restarted server on
 * the same port is never reached through a socket of its predecessor.
 */
export function call(
  url: string,
  method: string,
  path: string,
  body: unknown,
  token: string | null,
): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let payload: string | undefined;
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}${path}`, { method, headers, agent: false }, (response) =>
      readResponse(response).then(resolve, reject),
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/**
 * Starts a server; with `sharedDatabaseUrl`, a further node on another server's database;
 * `extraEnv` adds configuration (a broker's AMQP_URL, say).
 */
export async function startTestServer(
  backend: Backend = 'sqlite',
  sharedDatabaseUrl?: string,
  options: Omit<StartOptions, 'logger'> = {},
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchyard-test-'));
  const schema =
    sharedDatabaseUrl !== undefined
      ? { url: sharedDatabaseUrl, drop: async () => {} }
      : backend === 'postgres'
        ? await freshSchema()
        : undefined;
  const env = {
    SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN,
    LOG_LEVEL: 'silent',
    ...extraEnv,
    ...(schema ? { DATABASE_URL: schema.url } : {}),
  };
  const launch = async (port = '0'): Promise<TestServer> => {
    const config = loadConfig({ env, flags: { port, 'data-dir': dataDir } });
    // The first-run setup link is read from `server.setupUrl`, not printed over the test output.
    const server = await startServer(config, {
      announce: () => {},
      ...options,
      logger: pino({ level: 'silent' }),
    });
    const url = server.url.replace('[::1]', '127.0.0.1');
    return {
      url,
      databaseUrl: schema?.url,
      store: schema
        ? { kind: 'postgres', url: schema.url }
        : { kind: 'sqlite', file: join(dataDir, 'switchyard.db') },
      server,
      api: (method, path, body, token = ADMIN_TOKEN) => call(url, method, path, body, token),
      // The same port, so connected SDKs reconnect to the restarted server.
      restart: async (whileDown) => {
        await server.close();
        await whileDown?.();
        return launch(new URL(url).port);
      },
      close: async () => {
        await server.close();
        await schema?.drop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  };
  return launch();
}
