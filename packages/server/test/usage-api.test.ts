import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  changeSystemFlag,
  createTenant,
  customEvents,
  postEvents,
  type Tenant,
  variationOf,
} from './support/events.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let s: TestServer;
let t: Tenant;

before(async () => {
  // Usage is written only on close here, so every figure below comes from memory first.
  s = await startTestServer('sqlite', undefined, { events: { usageFlushMs: 600_000 } });
  t = await createTenant(s, 'metered', { limits: { eventsPerMonth: 1000, eventsPerSecond: 10_000 } });
});
after(() => s.close());

const month = () => new Date().toISOString().slice(0, 7);

test('usage counts accepted events, dropped events by reason and invalid payloads, before any flush', async () => {
  for (let i = 0; i < 2; i++)
    assert.equal((await postEvents(s.url, '/bulk', customEvents(50), { auth: t.sdkKey })).status, 202);
  assert.equal((await postEvents(s.url, '/bulk', [{ kind: 'custom' }], { auth: t.sdkKey })).status, 400);
  await changeSystemFlag(s, 'ingest-events', (c, variations) => ({
    ...c,
    contextTargets: [
      { contextKind: 'account', variation: variationOf(variations, false), values: ['metered'] },
    ],
  }));
  const dropped = await postEvents(s.url, '/bulk', customEvents(50), { auth: t.sdkKey });
  assert.equal(dropped.headers.get('x-switchyard-events'), 'dropped; reason=kill-switch');
  await changeSystemFlag(s, 'ingest-events', (c) => ({ ...c, contextTargets: [] }));

  const usage = await s.api('GET', '/api/v1/accounts/metered/usage');
  assert.equal(usage.status, 200);
  assert.deepEqual(
    { ...usage.body, currentRate: undefined, clusterRate: undefined },
    {
      account: 'metered',
      plan: 'standard',
      month: month(),
      accepted: 100,
      // The dropped batch was never read: its size is estimated from the account's earlier batches.
      dropped: { 'kill-switch': 50, 'rate-limit': 0, quota: 0, sampling: 0, shed: 0, 'circuit-breaker': 0 },
      invalidPayloads: 1,
      limits: { eventsPerMonth: 1000, eventsPerSecond: 10_000, effectiveEventsPerSecond: 10_000 },
      percentUsed: 10,
      currentRate: undefined,
      clusterRate: undefined,
      throttle: null,
    },
  );
  // The rate is this node's last second: right after a batch it shows.
  assert.equal((await postEvents(s.url, '/bulk', customEvents(50), { auth: t.sdkKey })).status, 202);
  const after = (await s.api('GET', '/api/v1/accounts/metered/usage')).body;
  const rate = after.currentRate;
  assert.ok(rate.accepted >= 50 && rate.offered >= 50, JSON.stringify(rate));
  // One node: the cluster's rate is this node's.
  assert.deepEqual(after.clusterRate, rate);
});

test('the usage written on close is read back after a restart, and another month is empty', async () => {
  s = await s.restart();
  const usage = (await s.api('GET', '/api/v1/accounts/metered/usage')).body;
  assert.equal(usage.accepted, 150);
  assert.equal(usage.dropped['kill-switch'], 50);
  assert.equal(usage.invalidPayloads, 1);
  const old = (await s.api('GET', '/api/v1/accounts/metered/usage?month=2020-01')).body;
  assert.equal(old.accepted, 0);
  assert.equal(old.month, '2020-01');
  // The monthly quota counts what is stored: 850 more fit, then the account is over.
  assert.equal((await postEvents(s.url, '/bulk', customEvents(850), { auth: t.sdkKey })).status, 202);
  const over = await postEvents(s.url, '/bulk', customEvents(10), { auth: t.sdkKey });
  assert.equal(over.headers.get('x-switchyard-events'), 'dropped; reason=quota');
});

test('the usage API names its errors: unknown account, bad month, a token without the admin role', async () => {
  const unknown = await s.api('GET', '/api/v1/accounts/nobody/usage');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.code, 'NOT_FOUND');
  const bad = await s.api('GET', '/api/v1/accounts/metered/usage?month=2024-13');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.code, 'VALIDATION_FAILED');
  const reader = (await s.api('POST', '/api/v1/tokens', { name: 'r', role: 'reader' })).body.token;
  assert.equal((await s.api('GET', '/api/v1/accounts/metered/usage', undefined, reader)).status, 403);
});

test('an account’s plan is set and changed through the admin API', async () => {
  const created = await s.api('POST', '/api/v1/accounts', {
    key: 'planned',
    name: 'Planned',
    plan: 'enterprise',
  });
  assert.equal(created.status, 201);
  assert.equal(created.body.plan, 'enterprise');
  const changed = await s.api('PATCH', '/api/v1/accounts/planned', { plan: 'free' });
  assert.equal(changed.body.plan, 'free');
  assert.equal((await s.api('GET', '/api/v1/accounts/planned')).body.plan, 'free');
  assert.equal((await s.api('GET', '/api/v1/accounts/default')).body.plan, 'standard');
  const bad = await s.api('PATCH', '/api/v1/accounts/planned', { plan: 'no spaces allowed' });
  assert.equal(bad.status, 400);
});
