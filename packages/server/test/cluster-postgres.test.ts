import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { init, type LDClient } from '@launchdarkly/node-server-sdk';
import { createTenant, customEvents, postEvents, waitFor } from './support/events.js';
import { postgresAvailable, startTestServer, type TestServer } from './support/test-server.js';

const silent = { error() {}, warn() {}, info() {}, debug() {} };
const available = await postgresAvailable();
if (!available && process.env.CI) throw new Error('PostgreSQL is required under CI but is not reachable');
const skip = available ? false : 'PostgreSQL is not reachable';

let a: TestServer;
let b: TestServer;
const sdks: LDClient[] = [];

before(async () => {
  if (!available) return;
  a = await startTestServer('postgres', undefined, { heartbeatMs: 200 });
  b = await startTestServer('postgres', a.databaseUrl, { heartbeatMs: 200 });
});
after(async () => {
  for (const sdk of sdks) sdk.close();
  await b?.close();
  await a?.close();
});

async function connect(node: TestServer, sdkKey: string): Promise<LDClient> {
  const sdk = init(sdkKey, {
    baseUri: node.url,
    streamUri: node.url,
    eventsUri: node.url,
    sendEvents: false,
    logger: silent,
    diagnosticOptOut: true,
  });
  sdks.push(sdk);
  await sdk.waitForInitialization({ timeout: 10 });
  return sdk;
}

test('every node lists every node with its version and a recent heartbeat', { skip }, async () => {
  const nodes = await waitFor(async () => {
    const items = (await a.api('GET', '/api/v1/nodes')).body.items;
    return items.length === 2 && items.every((n: { alive: boolean }) => n.alive) ? items : undefined;
  }, 'node A to see both nodes alive');
  const self = nodes.filter((n: { self: boolean }) => n.self);
  assert.equal(self.length, 1);
  for (const n of nodes) {
    assert.equal(n.version, '0.1.0');
    assert.equal(n.database.up, true);
    assert.equal(n.database.changeFeed, 'connected');
    assert.equal(n.broker, 'none');
    assert.equal(n.spool.batches >= 0, true);
    assert.equal(typeof n.consumerLag, 'number');
    assert.ok(Date.parse(n.heartbeatAt) >= Date.parse(n.startedAt));
  }
  const fromB = (await b.api('GET', '/api/v1/nodes')).body.items;
  assert.deepEqual(
    fromB.map((n: { node: string }) => n.node).sort(),
    nodes.map((n: { node: string }) => n.node).sort(),
    'both nodes see the same cluster',
  );
});

test('the cluster-wide proof of arrival counts the SDK streams on both nodes', { skip }, async () => {
  await a.api('POST', '/api/v1/projects', { key: 'arrive', name: 'Arrive' });
  await a.api('POST', '/api/v1/projects/arrive/flags', { key: 'kill', name: 'Kill switch' });
  const sdkKey = (await a.api('GET', '/api/v1/projects/arrive/environments/production')).body.sdkKey;
  const clients = [await connect(a, sdkKey), await connect(a, sdkKey), await connect(b, sdkKey)];
  const updated = new Set<LDClient>();
  for (const sdk of clients) sdk.on('update', () => updated.add(sdk));
  const path = '/api/v1/projects/arrive/environments/production/delivery/cluster';
  await waitFor(async () => {
    const body = (await b.api('GET', path)).body;
    const streams = body.nodes.map((n: { streams: number }) => n.streams).sort();
    return JSON.stringify(streams) === '[1,2]' ? true : undefined;
  }, 'both nodes to report their streams (2 on A, 1 on B)');
  const toggled = await a.api('POST', '/api/v1/projects/arrive/flags/kill/environments/production/toggle', {
    on: true,
  });
  assert.equal(toggled.status, 200);
  const version = toggled.body.version;
  await waitFor(async () => (updated.size === 3 ? true : undefined), 'all three SDKs to get the change');
  const change = await waitFor(async () => {
    const body = (await b.api('GET', path)).body;
    const latest = body.changes[0];
    return latest?.version === version && latest.reached === 3 ? latest : undefined;
  }, 'node B to report the change reached all 3 streams on both nodes');
  assert.equal(change.streams, 3);
  assert.deepEqual(change.nodesBehind, []);
  assert.deepEqual(change.items, ['flag/kill']);
  assert.equal(typeof change.slowestMs, 'number');
  assert.ok(change.slowestNode, 'the slowest node is named');
  const local = (await a.api('GET', '/api/v1/projects/arrive/environments/production/delivery')).body;
  assert.equal(local.connectedStreams, 2, 'the single-node answer still counts only its own streams');
  const missing = await a.api('GET', '/api/v1/projects/arrive/environments/nope/delivery/cluster');
  assert.equal(missing.status, 404);
});

test('the accounts overview on node A counts the events node B accepted', { skip }, async () => {
  const tenant = await createTenant(a, 'far');
  // Node B learns the new environment's SDK key through the change feed.
  await waitFor(async () => {
    const r = await postEvents(b.url, '/bulk', customEvents(20), { auth: tenant.sdkKey });
    return r.headers.get('x-switchyard-events') === 'accepted; durable=spool' ? true : undefined;
  }, 'node B to accept the new account’s events');
  for (let i = 0; i < 2; i++) {
    const r = await postEvents(b.url, '/bulk', customEvents(20), { auth: tenant.sdkKey });
    assert.equal(r.headers.get('x-switchyard-events'), 'accepted; durable=spool');
  }
  const row = await waitFor(async () => {
    const items = (await a.api('GET', '/api/v1/accounts-overview')).body.items;
    const far = items.find((item: { key: string }) => item.key === 'far');
    const perMinute = far?.acceptedPerMinute.reduce((x: number, y: number) => x + y, 0);
    return perMinute === 60 && far.usage.accepted === 60 ? far : undefined;
  }, "node A's overview to show the 60 events node B accepted (its heartbeat and its usage flush)");
  assert.equal(row.killSwitch.engaged, false);
});
