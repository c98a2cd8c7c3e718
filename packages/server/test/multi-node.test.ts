import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { init, type LDClient } from '@launchdarkly/node-server-sdk';
import { postgresAvailable, startTestServer, type TestServer } from './support/test-server.js';

const silent = { error() {}, warn() {}, info() {}, debug() {} };
const available = await postgresAvailable();
if (!available && process.env.CI) throw new Error('PostgreSQL is required under CI but is not reachable');

let a: TestServer;
let b: TestServer;
let sdk: LDClient;

before(async () => {
  if (!available) return;
  a = await startTestServer('postgres');
  // A second node on the same database (the same schema).
  b = await startTestServer('postgres', a.databaseUrl);
});

after(async () => {
  sdk?.close();
  await b?.close();
  await a?.close();
});

test('a change written through node A reaches an SDK streaming from node B', {
  skip: available ? false : 'PostgreSQL is not reachable',
}, async () => {
  await a.api('POST', '/api/v1/projects', { key: 'multi', name: 'Multi' });
  await a.api('POST', '/api/v1/projects/multi/flags', { key: 'kill', name: 'Kill switch' });
  await a.api('POST', '/api/v1/projects/multi/flags/kill/environments/production/toggle', { on: true });
  const env = await b.api('GET', '/api/v1/projects/multi/environments/production');
  assert.equal(env.status, 200, 'node B sees the project created on node A');
  sdk = init(env.body.sdkKey, {
    baseUri: b.url,
    streamUri: b.url,
    eventsUri: b.url,
    logger: silent,
    diagnosticOptOut: true,
  });
  await sdk.waitForInitialization({ timeout: 10 });
  const context = { kind: 'user', key: 'u' };
  assert.equal(await sdk.variation('kill', context, false), true);
  const updated = new Promise<{ key: string }>((resolve) => sdk.on('update', resolve));
  const started = Date.now();
  await a.api('POST', '/api/v1/projects/multi/flags/kill/environments/production/toggle', { on: false });
  assert.equal((await updated).key, 'kill');
  assert.equal(await sdk.variation('kill', context, true), false);
  assert.ok(Date.now() - started < 2000, `arrived in ${Date.now() - started} ms`);
});

test('both nodes report a connected change feed', {
  skip: available ? false : 'PostgreSQL is not reachable',
}, async () => {
  for (const node of [a, b]) {
    const health = await node.api('GET', '/health', undefined, null);
    assert.equal(health.body.status, 'ok');
    assert.equal(health.body.changeFeed, 'connected');
  }
});
