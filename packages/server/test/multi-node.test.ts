import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { init, type LDClient } from '@launchdarkly/node-server-sdk';
import pg from 'pg';
import { waitFor } from './support/events.js';
import { POSTGRES_URL, postgresAvailable, startTestServer, type TestServer } from './support/test-server.js';

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
  const updated: string[] = [];
  sdk.on('update', ({ key }: { key: string }) => updated.push(key));
  await a.api('POST', '/api/v1/projects/multi/flags/kill/environments/production/toggle', { on: false });
  // The SDK streams and never polls, so the change can only have come by node B's stream.
  await waitFor(
    async () => (updated.includes('kill') ? true : undefined),
    "the SDK on node B to get node A's change",
    30_000,
  );
  assert.equal(await sdk.variation('kill', context, true), false);
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

test('/status lists what each node serves, with its streams', {
  skip: available ? false : 'PostgreSQL is not reachable',
}, async () => {
  const status = await b.api('GET', '/status', undefined, null);
  assert.equal(status.status, 200);
  const env = status.body.environments.find(
    (e: { project: string; environment: string }) => e.project === 'multi' && e.environment === 'production',
  );
  assert.ok(env, JSON.stringify(status.body));
  assert.equal(env.streams, 1, 'the SDK streaming from node B');
  assert.ok(!JSON.stringify(status.body).includes('sdk-'), 'no credentials in the status');
});

test('a change made while the change feed is cut off still arrives, by catch-up', {
  skip: available ? false : 'PostgreSQL is not reachable',
}, async () => {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    // Cut every node's LISTEN connection, then write at once, while they reconnect.
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN switchyard_changes%'",
    );
  } finally {
    await admin.end();
  }
  const context = { kind: 'user', key: 'u' };
  await a.api('POST', '/api/v1/projects/multi/flags/kill/environments/production/toggle', { on: true });
  const deadline = Date.now() + 8000;
  while ((await sdk.variation('kill', context, false)) !== true) {
    if (Date.now() > deadline) assert.fail('the change never reached node B');
    await new Promise((r) => setTimeout(r, 50));
  }
  const health = await b.api('GET', '/health', undefined, null);
  assert.equal(health.body.changeFeed, 'connected', 'the feed reconnected');
});
