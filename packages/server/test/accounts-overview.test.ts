import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTenant, customEvents, postEvents, type Tenant } from './support/events.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let s: TestServer;
const tenants: Record<string, Tenant> = {};

before(async () => {
  s = await startTestServer('sqlite');
  tenants.calm = await createTenant(s, 'calm', { limits: { eventsPerMonth: 1000 } });
  tenants.steady = await createTenant(s, 'steady', { limits: { eventsPerSecond: 10_000 } });
  tenants.spiky = await createTenant(s, 'spiky');
});
after(() => s.close());

async function send(tenant: Tenant, posts: number, events: number): Promise<void> {
  for (let i = 0; i < posts; i++) {
    const r = await postEvents(s.url, '/bulk', customEvents(events), { auth: tenant.sdkKey });
    assert.equal(r.headers.get('x-switchyard-events'), 'accepted; durable=spool');
  }
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read freely in tests
const row = (body: any, key: string) => body.items.find((item: { key: string }) => item.key === key);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

test('the overview shows each account’s accepted events, usage against its limit and its limits', async () => {
  await send(tenants.calm as Tenant, 1, 10);
  await send(tenants.steady as Tenant, 2, 20);
  await send(tenants.spiky as Tenant, 10, 50);
  const r = await s.api('GET', '/api/v1/accounts-overview?sort=usage');
  assert.equal(r.status, 200);
  assert.deepEqual(
    r.body.items.slice(0, 3).map((item: { key: string }) => item.key),
    ['spiky', 'steady', 'calm'],
    'the busiest account is at the top',
  );
  const calm = row(r.body, 'calm');
  assert.deepEqual(calm.usage, { accepted: 10, monthlyLimit: 1000, percentUsed: 1 });
  assert.deepEqual(calm.limits, { eventsPerSecond: null, effectiveEventsPerSecond: null });
  assert.equal(sum(calm.acceptedPerMinute), 10, 'the per-minute series adds up to the events sent');
  assert.equal(calm.acceptedPerMinute.length, 15);
  const steady = row(r.body, 'steady');
  assert.equal(steady.usage.accepted, 40);
  assert.equal(steady.usage.percentUsed, null);
  assert.equal(steady.limits.effectiveEventsPerSecond, 10_000);
  const spiky = row(r.body, 'spiky');
  assert.equal(spiky.usage.accepted, 500);
  assert.equal(sum(spiky.acceptedPerMinute), 500);
  assert.equal(spiky.killSwitch.engaged, false);
  assert.equal(spiky.breaker.engaged, false);
  assert.equal(r.body.nodes, 1);
  const byRate = (await s.api('GET', '/api/v1/accounts-overview')).body.items;
  for (let i = 1; i < byRate.length; i++) {
    assert.ok(
      byRate[i - 1].rate.accepted >= byRate[i].rate.accepted,
      'sorted by accepted rate, highest first',
    );
  }
});

test('a cut-off shows engaged with its reason, author and expiry, and its drops are counted by reason', async () => {
  const cut = await s.api('POST', '/api/v1/accounts/spiky/overrides', {
    kind: 'kill-switch',
    reason: 'spiking at 3 a.m.',
    expiresInSeconds: 900,
  });
  assert.equal(cut.status, 201);
  const dropped = await postEvents(s.url, '/bulk', customEvents(50), { auth: tenants.spiky?.sdkKey });
  assert.equal(dropped.headers.get('x-switchyard-events'), 'dropped; reason=kill-switch');
  const spiky = row((await s.api('GET', '/api/v1/accounts-overview')).body, 'spiky');
  assert.equal(spiky.killSwitch.engaged, true);
  assert.equal(spiky.killSwitch.reason, 'spiking at 3 a.m.');
  assert.equal(spiky.killSwitch.since, cut.body.setAt);
  assert.equal(spiky.killSwitch.expiresAt, cut.body.expiresAt);
  assert.equal(spiky.killSwitch.overrideId, cut.body.id);
  assert.equal(spiky.killSwitch.by.kind, 'token');
  // The dropped batch is never read: its size is estimated from the account's earlier batches.
  assert.equal(spiky.dropped['kill-switch'], 50);
  assert.equal(spiky.usage.accepted, 500, 'dropped events are not accepted');
  assert.deepEqual(
    spiky.overrides.map((o: { id: string }) => o.id),
    [cut.body.id],
  );
  const bad = await s.api('GET', '/api/v1/accounts-overview?sort=loudest');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.code, 'VALIDATION_FAILED');
});

test('the console’s routes are in the OpenAPI document with their response schemas', async () => {
  const paths = (await s.api('GET', '/api/v1/openapi.json')).body.paths;
  const documented: [string, string, string][] = [
    ['/api/v1/accounts-overview', 'get', '200'],
    ['/api/v1/accounts/{account}/overrides', 'post', '201'],
    ['/api/v1/accounts/{account}/overrides', 'get', '200'],
    ['/api/v1/accounts/{account}/overrides/{id}', 'delete', '200'],
    ['/api/v1/nodes', 'get', '200'],
    ['/api/v1/projects/{project}/environments/{env}/delivery/cluster', 'get', '200'],
  ];
  for (const [path, method, status] of documented) {
    const schema = paths[path]?.[method]?.responses?.[status]?.content?.['application/json']?.schema;
    assert.ok(schema?.properties, `${method.toUpperCase()} ${path} documents its ${status} body`);
  }
});
