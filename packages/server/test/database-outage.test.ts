import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LDClient } from '@launchdarkly/node-server-sdk';
import { ldClient } from './support/ld-sdk.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { postgresAvailable, startTestServer, type TestServer } from './support/test-server.js';

const available = await postgresAvailable();
if (!available && process.env.CI) throw new Error('PostgreSQL is required under CI but is not reachable');
const skip = available ? false : 'PostgreSQL is not reachable';

let writer: TestServer;
let node: TestServer;
let proxy: TcpProxy;
const clients: LDClient[] = [];
let sdkKey: string;

before(async () => {
  if (!available) return;
  writer = await startTestServer('postgres');
  proxy = await startTcpProxy(5432);
  // The node under test reaches the same database only through the proxy.
  const url = new URL(writer.databaseUrl as string);
  url.port = String(proxy.port);
  node = await startTestServer('postgres', url.toString());
  await writer.api('POST', '/api/v1/projects', { key: 'ops', name: 'Ops' });
  await writer.api('POST', '/api/v1/projects/ops/flags', { key: 'kill', name: 'Kill switch' });
  await writer.api('POST', '/api/v1/projects/ops/flags/kill/environments/production/toggle', { on: true });
  sdkKey = (await writer.api('GET', '/api/v1/projects/ops/environments/production')).body.sdkKey;
});

after(async () => {
  for (const c of clients) c.close();
  await proxy?.restore().catch(() => {});
  await node?.close();
  await writer?.close();
  await proxy?.close();
});

function sdk(): LDClient {
  const c = ldClient(node.url, sdkKey);
  clients.push(c);
  return c;
}

test('without its database a node keeps serving connected and new SDKs its last data, and says so', {
  skip,
}, async () => {
  const deadline = Date.now() + 5000;
  while (
    (await node.api('GET', '/status', undefined, null)).body.environments.every(
      (e: { project: string }) => e.project !== 'ops',
    )
  ) {
    if (Date.now() > deadline) assert.fail('the node never loaded the project');
    await new Promise((r) => setTimeout(r, 50));
  }
  const connected = sdk();
  await connected.waitForInitialization({ timeout: 10 });
  const context = { kind: 'user', key: 'u' };
  // The node may have loaded the project before the toggle reached it: wait for the flag to be on.
  const onDeadline = Date.now() + 15000;
  while ((await connected.variation('kill', context, false)) !== true) {
    if (Date.now() > onDeadline) assert.fail('the node never served the flag turned on');
    await new Promise((r) => setTimeout(r, 50));
  }
  await proxy.cut();
  const health = await node.api('GET', '/health', undefined, null);
  assert.equal(health.status, 200);
  assert.equal(health.body.status, 'degraded');
  assert.equal(health.body.database, 'down');
  assert.equal((await node.api('GET', '/health/ready', undefined, null)).status, 200, 'SDK traffic stays');
  const admin = await node.api('GET', '/health/ready/admin', undefined, null);
  assert.equal(admin.status, 503, 'a load balancer takes admin traffic elsewhere');
  assert.equal(admin.body.checks.store, 'down');
  assert.equal(await connected.variation('kill', context, false), true, 'a connected SDK keeps its data');
  const fresh = sdk();
  await fresh.waitForInitialization({ timeout: 10 });
  assert.equal(await fresh.variation('kill', context, false), true, 'a new SDK is served the last snapshot');
  const ofrep = await fetch(`${node.url}/ofrep/v1/evaluate/flags/kill`, {
    method: 'POST',
    headers: { authorization: sdkKey, 'content-type': 'application/json' },
    body: JSON.stringify({ context: { targetingKey: 'u' } }),
  });
  assert.equal(((await ofrep.json()) as { value: boolean }).value, true, 'OFREP still evaluates');
  const write = await node.api('POST', '/api/v1/projects/ops/flags/kill/environments/production/toggle', {
    on: false,
  });
  assert.equal(write.status, 503, 'writes fail while the database is away; nothing is half-written');
  assert.equal(write.body.code, 'STORE_UNAVAILABLE');
});

test('when the database is back, changes made meanwhile reach the node', { skip }, async () => {
  await writer.api('POST', '/api/v1/projects/ops/flags/kill/environments/production/toggle', { on: false });
  await proxy.restore();
  const connected = clients[0] as LDClient;
  const deadline = Date.now() + 15000;
  while ((await connected.variation('kill', { kind: 'user', key: 'u' }, true)) !== false) {
    if (Date.now() > deadline) assert.fail('the change made during the outage never arrived');
    await new Promise((r) => setTimeout(r, 100));
  }
  const healthDeadline = Date.now() + 15000;
  while ((await node.api('GET', '/health', undefined, null)).body.status !== 'ok') {
    if (Date.now() > healthDeadline) assert.fail('the node never reported itself healthy again');
    await new Promise((r) => setTimeout(r, 100));
  }
});
