/**
 * The database cut again and again while every part of a node that holds a connection is busy:
 * admin writes (checked-out pool clients in transactions), the change feed (LISTEN), peer rates
 * (shared each second) and the insights consumer thread (its own store connection). A pg
 * connection without an `error` handler turns a cut into an uncaught exception, which ends a
 * production process; here the test's process is the node's, so it listens for them itself.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LDClient } from '@launchdarkly/node-server-sdk';
import { createTenant, customEvents, postEvents, type Tenant, waitFor } from './support/events.js';
import { ldClient } from './support/ld-sdk.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { postgresAvailable, startTestServer, type TestServer } from './support/test-server.js';

const available = await postgresAvailable();
if (!available && process.env.CI) throw new Error('PostgreSQL is required under CI but is not reachable');
const skip = available ? false : 'PostgreSQL is not reachable';

const CUTS = 5;
const escaped: unknown[] = [];
const record = (error: unknown) => escaped.push(error);

let writer: TestServer;
let node: TestServer;
let proxy: TcpProxy;
let tenant: Tenant;
let client: LDClient | undefined;

before(async () => {
  if (!available) return;
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  writer = await startTestServer('postgres');
  proxy = await startTcpProxy(5432);
  const url = new URL(writer.databaseUrl as string);
  url.port = String(proxy.port);
  node = await startTestServer('postgres', url.toString());
  // Limits make the node share its rates with its peers through the database each second.
  tenant = await createTenant(writer, 'cuts', { limits: { eventsPerSecond: 100_000 } });
  await writer.api('POST', `/api/v1/projects/${tenant.project}/flags`, { key: 'live', name: 'Live' });
  await writer.api('POST', `/api/v1/projects/${tenant.project}/flags/live/environments/production/toggle`, {
    on: true,
  });
});

after(async () => {
  client?.close();
  await proxy?.restore().catch(() => {});
  await node?.close();
  await writer?.close();
  await proxy?.close();
  process.off('uncaughtException', record);
  process.off('unhandledRejection', record);
});

const context = { kind: 'user', key: 'u' };
const toggle = (s: TestServer, on: boolean) =>
  s.api('POST', `/api/v1/projects/${tenant.project}/flags/live/environments/production/toggle`, { on });
const databaseIs = async (state: 'up' | 'down') =>
  (await node.api('GET', '/health', undefined, null)).body.database === state ? true : undefined;

test(`${CUTS} database cuts under admin writes, the change feed, peer rates and insights: no uncaught error, and the node still serves`, {
  skip,
}, async () => {
  client = ldClient(node.url, tenant.sdkKey);
  await client.waitForInitialization({ timeout: 30 });
  const sdk = client;

  // Load on every connection-holding part until the test ends; each failure is expected while cut.
  let running = true;
  let writes = 0;
  let posts = 0;
  const busy = async (work: () => Promise<unknown>) => {
    while (running) await work().catch(() => {});
  };
  const load = Promise.all([
    busy(async () => {
      writes++;
      await toggle(node, writes % 2 === 0);
    }),
    busy(async () => {
      writes++;
      await node.api('POST', `/api/v1/projects/${tenant.project}/flags`, { key: `f-${writes}`, name: 'F' });
    }),
    busy(async () => {
      posts++;
      await postEvents(node.url, '/bulk', customEvents(20), { auth: tenant.sdkKey });
    }),
  ]);

  try {
    for (let cut = 1; cut <= CUTS; cut++) {
      await proxy.cut();
      await waitFor(() => databaseIs('down'), `the node to see cut ${cut}`, 30_000);
      assert.equal(
        typeof (await sdk.variation('live', context, 'none')),
        'boolean',
        'the SDK keeps its data',
      );
      const ofrep = await fetch(`${node.url}/ofrep/v1/evaluate/flags/live`, {
        method: 'POST',
        headers: { authorization: tenant.sdkKey, 'content-type': 'application/json' },
        body: JSON.stringify({ context: { targetingKey: 'u' } }),
      });
      assert.equal(ofrep.status, 200, `OFREP serves the last data during cut ${cut}`);
      await proxy.restore();
      await waitFor(
        async () => ((await toggle(node, false)).status === 200 ? true : undefined),
        `an admin write on the node to succeed after cut ${cut}`,
        30_000,
      );
      assert.deepEqual(escaped, [], `no uncaught exception or unhandled rejection by cut ${cut}`);
    }
  } finally {
    running = false;
    await load;
  }

  // The change feed works after the storm: a write on the other node reaches the SDK on this one.
  await toggle(writer, true);
  await waitFor(
    async () => ((await sdk.variation('live', context, false)) === true ? true : undefined),
    'a change on the other node to reach the SDK through the change feed',
    30_000,
  );
  assert.ok(writes > CUTS && posts > CUTS, 'the load ran through the cuts');
  assert.deepEqual(escaped, [], 'no uncaught exception or unhandled rejection');
});
