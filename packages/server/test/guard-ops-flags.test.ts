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
let noisy: Tenant;
let quiet: Tenant;

before(async () => {
  s = await startTestServer('sqlite');
  noisy = await createTenant(s, 'noisy');
  quiet = await createTenant(s, 'quiet', { plan: 'enterprise' });
});
after(() => s.close());

const SYSTEM = '/api/v1/projects/switchyard-system';
const outcome = async (tenant: Tenant, n = 3) =>
  (await postEvents(s.url, '/bulk', customEvents(n), { auth: tenant.sdkKey })).headers.get(
    'x-switchyard-events',
  );

test('the protected system project holds the four operational flags, on and serving their defaults', async () => {
  const project = await s.api('GET', SYSTEM);
  assert.equal(project.status, 200);
  assert.equal(project.body.system, true);
  assert.deepEqual(
    project.body.environments.map((e: { key: string }) => e.key),
    ['production'],
  );
  const defaults: Record<string, unknown> = {
    'ingest-events': true,
    'events-per-second-limit': -1,
    'event-sampling-ratio': 1,
    'events-throttled': false,
  };
  for (const [key, value] of Object.entries(defaults)) {
    const flag = (await s.api('GET', `${SYSTEM}/flags/${key}`)).body;
    const config = flag.environments.production;
    assert.equal(config.on, true, key);
    assert.equal(flag.flag.variations[config.fallthrough.variation], value, key);
    assert.equal(flag.flag.variations[config.offVariation], value, `${key} off`);
  }
  const limits = (await s.api('GET', `${SYSTEM}/flags/events-per-second-limit`)).body.flag.variations;
  assert.deepEqual(
    [...limits].sort((a: number, b: number) => a - b),
    [-1, 100, 1000, 10000, 100000],
  );
});

test('system flags cannot be deleted or archived, and only admin tokens may change them', async () => {
  const del = await s.api('DELETE', `${SYSTEM}/flags/ingest-events`);
  assert.equal(del.status, 403);
  assert.equal(del.body.code, 'PROTECTED_RESOURCE');
  const archive = await s.api('PATCH', `${SYSTEM}/flags/ingest-events`, { archived: true });
  assert.equal(archive.status, 403);
  assert.equal(archive.body.code, 'PROTECTED_RESOURCE');
  const writer = (await s.api('POST', '/api/v1/tokens', { name: 'w', role: 'writer' })).body.token;
  const edit = await changeSystemFlag(s, 'ingest-events', (c) => ({ ...c, on: false }), writer);
  assert.equal(edit.status, 403);
  assert.equal(edit.body.code, 'PROTECTED_RESOURCE');
  assert.equal((await s.api('GET', `${SYSTEM}/flags/ingest-events`, undefined, writer)).status, 200);
  const flag = (await s.api('GET', `${SYSTEM}/flags/ingest-events`)).body;
  assert.equal(flag.flag.archived, false);
  assert.equal(flag.environments.production.on, true);
});

test('a kill switch flipped through the admin API drops the very next batch, and restoring it accepts the next one', async () => {
  assert.equal(await outcome(noisy), 'accepted; durable=spool');
  const off = await changeSystemFlag(s, 'ingest-events', (c, variations) => ({
    ...c,
    contextTargets: [
      { contextKind: 'account', variation: variationOf(variations, false), values: ['noisy'] },
    ],
  }));
  assert.equal(off.status, 200, JSON.stringify(off.body));
  const cut = await postEvents(s.url, '/bulk', customEvents(3, 'after-cut'), { auth: noisy.sdkKey });
  assert.equal(cut.status, 202);
  assert.equal(cut.headers.get('x-switchyard-events'), 'dropped; reason=kill-switch');
  assert.equal(await outcome(quiet), 'accepted; durable=spool');

  const on = await changeSystemFlag(s, 'ingest-events', (c) => ({ ...c, contextTargets: [] }));
  assert.equal(on.status, 200);
  assert.equal(await outcome(noisy), 'accepted; durable=spool');

  const usage = (await s.api('GET', '/api/v1/accounts/noisy/usage')).body;
  assert.ok(usage.dropped['kill-switch'] >= 1, JSON.stringify(usage));
  assert.equal(usage.accepted, 6);
  // The dropped batch never reached the pipeline.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const totals = await s.server.insights.customEventTotals(
    { projectKey: noisy.project, environmentKey: 'production' },
    { from: Date.now() - 3_600_000, to: Date.now() + 3_600_000 },
  );
  assert.equal(
    totals.find((row) => row.eventKey === 'after-cut'),
    undefined,
  );
});

test('rules see the account context: a kill switch by plan spares the other plans', async () => {
  const cut = await changeSystemFlag(s, 'ingest-events', (c, variations) => ({
    ...c,
    rules: [
      {
        id: 'standard-plan-off',
        clauses: [{ contextKind: 'account', attribute: 'plan', op: 'in', values: ['standard'] }],
        variation: variationOf(variations, false),
      },
    ],
  }));
  assert.equal(cut.status, 200, JSON.stringify(cut.body));
  assert.equal(await outcome(noisy), 'dropped; reason=kill-switch');
  assert.equal(await outcome(quiet), 'accepted; durable=spool');
  await changeSystemFlag(s, 'ingest-events', (c) => ({ ...c, rules: [] }));
  assert.equal(await outcome(noisy), 'accepted; durable=spool');
});

test('the kill switch is enforced on the very next post after the write on the same node', async () => {
  const written = await changeSystemFlag(s, 'ingest-events', (c, variations) => ({
    ...c,
    fallthrough: { variation: variationOf(variations, false) },
  }));
  assert.equal(written.status, 200, JSON.stringify(written.body));
  // No wait in between: the write's answer comes after the node's own snapshot has it.
  assert.equal(await outcome(quiet, 1), 'dropped; reason=kill-switch');
  await changeSystemFlag(s, 'ingest-events', (c, variations) => ({
    ...c,
    fallthrough: { variation: variationOf(variations, true) },
  }));
  assert.equal(await outcome(quiet), 'accepted; durable=spool');
});

test('a restart leaves the system flags as an operator changed them', async () => {
  await changeSystemFlag(s, 'event-sampling-ratio', (c, variations) => ({
    ...c,
    fallthrough: { variation: variationOf(variations, 0.5) },
  }));
  s = await s.restart();
  const flag = (await s.api('GET', `${SYSTEM}/flags/event-sampling-ratio`)).body;
  assert.equal(flag.flag.variations[flag.environments.production.fallthrough.variation], 0.5);
  const projects = (await s.api('GET', '/api/v1/projects')).body.items;
  assert.equal(projects.filter((p: { key: string }) => p.key === 'switchyard-system').length, 1);
});
