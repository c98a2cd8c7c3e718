/** A real Switchyard server for SDK tests (the server's own test helper), with one project and its SDK key. */
import { after, before } from 'node:test';
import { startTcpProxy, type TcpProxy } from '../../../server/test/support/tcp-proxy.js';
import { startTestServer, type TestServer } from '../../../server/test/support/test-server.js';
import { type ClientOptions, init, type SwitchyardClient } from '../../src/index.js';

export { waitFor, withDeadline } from '../../../pipeline/test/support/wait-for.js';
export type { TestServer };

export interface Environment {
  readonly server: TestServer;
  readonly sdkKey: string;
}

export async function startServerWithProject(): Promise<Environment> {
  const server = await startTestServer('sqlite');
  await server.api('POST', '/api/v1/projects', { key: 'app', name: 'App' });
  const sdkKey = (await server.api('GET', '/api/v1/projects/app/environments/production')).body
    .sdkKey as string;
  return { server, sdkKey };
}

/** Creates a boolean flag that is on, serving true to `alice` and false to everyone else. */
export async function createCheckoutFlag(server: TestServer): Promise<void> {
  await server.api('POST', '/api/v1/projects/app/flags', { key: 'checkout', name: 'Checkout' });
  const put = await server.api('PUT', '/api/v1/projects/app/flags/checkout/environments/production', {
    on: true,
    offVariation: 1,
    targets: [{ variation: 0, values: ['alice'] }],
    fallthrough: { variation: 1 },
  });
  if (put.status !== 200) throw new Error(`flag setup failed: ${put.status} ${JSON.stringify(put.body)}`);
}

export function toggle(server: TestServer, key: string, on: boolean) {
  return server.api('POST', `/api/v1/projects/app/flags/${key}/environments/production/toggle`, { on });
}

export interface ServerFixture {
  /** The running server and its SDK key (after a restart, the new process). */
  readonly env: Environment;
  /** A client of the fixture's server (or of `baseUri`), quick to reconnect, closed after the file's tests. */
  client(options?: ClientOptions): SwitchyardClient;
  /** A TCP proxy in front of the server that a test can cut and restore; closed after the file's tests. */
  proxy(): Promise<TcpProxy>;
  /** Restarts the server on the same port. */
  restart(): Promise<void>;
  /** Runs after the file's tests, before the server closes. */
  onClose(cleanup: () => unknown): void;
}

/** Starts a server with the checkout flag before a test file's tests and closes it and its clients after. */
export function serverFixture(): ServerFixture {
  let current: Environment | undefined;
  const cleanups: (() => unknown)[] = [];
  const fixture: ServerFixture = {
    get env() {
      if (current === undefined) throw new Error('the server fixture is not started');
      return current;
    },
    client(options = {}) {
      const c = init(fixture.env.sdkKey, {
        baseUri: fixture.env.server.url,
        initialReconnectDelayMs: 50,
        ...options,
      });
      cleanups.push(() => c.close());
      return c;
    },
    async proxy() {
      const p = await startTcpProxy(Number(new URL(fixture.env.server.url).port));
      cleanups.push(() => p.close());
      return p;
    },
    async restart() {
      current = { ...fixture.env, server: await fixture.env.server.restart() };
    },
    onClose(cleanup) {
      cleanups.push(cleanup);
    },
  };
  before(async () => {
    current = await startServerWithProject();
    await createCheckoutFlag(current.server);
  });
  after(async () => {
    for (const cleanup of cleanups) await cleanup();
    await current?.server.close();
  });
  return fixture;
}
