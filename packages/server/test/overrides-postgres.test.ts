import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTenant, customEvents, postEvents, type Tenant, waitFor } from './support/events.js';
import { postgresAvailable, startTestServer, type TestServer } from './support/test-server.js';

const available = await postgresAvailable();
if (!available && process.env.CI) throw new Error('PostgreSQL is required under CI but is not reachable');
const skip = available ? false : 'PostgreSQL is not reachable';

const tuning = { events: { overrideSweepMs: 50 } };
let a: TestServer;
let b: TestServer;
let noisy: Tenant;

before(async () => {
  if (!available) return;
  a = await startTestServer('postgres', undefined, tuning);
  b = await startTestServer('postgres', a.databaseUrl, tuning);
  noisy = await createTenant(a, 'noisy');
});
after(async () => {
  await b?.close();
  await a?.close();
});

const outcome = async (node: TestServer) =>
  (await postEvents(node.url, '/bulk', customEvents(3), { auth: noisy.sdkKey })).headers.get(
    'x-switchyard-events',
  );
const until = (node: TestServer, expected: string, what: string) =>
  waitFor(async () => ((await outcome(node)) === expected ? true : undefined), what);
const expiries = async (node: TestServer) =>
  (await node.api('GET', '/api/v1/audit?resourceKind=account&resourceKey=noisy')).body.items.filter(
    (e: { action: string }) => e.action === 'account.override.expire',
  ).length;

test('a cut-off made on node A holds on node B and across a restart of A, and two lifts racing on both nodes write one', {
  skip,
}, async () => {
  const cut = await a.api('POST', '/api/v1/accounts/noisy/overrides', {
    kind: 'kill-switch',
    reason: 'incident 42',
    expiresInSeconds: 3600,
  });
  assert.equal(cut.status, 201, JSON.stringify(cut.body));
  assert.equal(await outcome(a), 'dropped; reason=kill-switch');
  await until(b, 'dropped; reason=kill-switch', 'node B to enforce the cut-off made on node A');
  a = await a.restart();
  assert.equal(await outcome(a), 'dropped; reason=kill-switch', 'the cut-off survives a restart');
  const live = (await a.api('GET', '/api/v1/accounts/noisy/overrides?active=true')).body.items;
  assert.deepEqual(
    live.map((o: { id: string; expiresAt: string }) => [o.id, o.expiresAt]),
    [[cut.body.id, cut.body.expiresAt]],
    'the restarted node reads the same expiry from the database',
  );
  // Two operators lift it at once, one on each node: one lift is written, the other is told it is over.
  const lifts = await Promise.all(
    [a, b].map((node) => node.api('DELETE', `/api/v1/accounts/noisy/overrides/${cut.body.id}`)),
  );
  assert.deepEqual(lifts.map((r) => r.status).sort(), [200, 404]);
  await until(a, 'accepted; durable=spool', 'node A to publish again once lifted');
  await until(b, 'accepted; durable=spool', 'node B to publish again once lifted');
  const audit = (await b.api('GET', '/api/v1/audit?resourceKind=account&resourceKey=noisy')).body.items;
  assert.equal(audit.filter((e: { action: string }) => e.action === 'account.override.lift').length, 1);
});

test('an expiry passing with both nodes up frees the account on both, and exactly one node audits it', {
  skip,
}, async () => {
  const cut = await b.api('POST', '/api/v1/accounts/noisy/overrides', {
    kind: 'kill-switch',
    reason: 'incident 43',
    expiresInSeconds: 2,
  });
  assert.equal(cut.status, 201);
  await until(a, 'accepted; durable=spool', 'node A to publish again after the expiry');
  await until(b, 'accepted; durable=spool', 'node B to publish again after the expiry');
  await waitFor(async () => ((await expiries(a)) > 0 ? true : undefined), 'the expiry to be audited');
  // Both nodes sweep every 50 ms: wait until neither still holds the expired rule, then count.
  await waitFor(async () => {
    const rules = async (node: TestServer) =>
      (await node.api('GET', '/api/v1/projects/switchyard-system/flags/ingest-events')).body.environments
        .production.rules.length;
    return (await rules(a)) === 0 && (await rules(b)) === 0 ? true : undefined;
  }, 'both nodes to see the expired rule removed');
  assert.equal(await expiries(a), 1, 'exactly one node wrote the expiry');
  const history = (await a.api('GET', '/api/v1/accounts/noisy/overrides')).body.items;
  assert.equal(history[0].id, cut.body.id);
  assert.equal(history[0].end, 'expired');
});

test('an expiry that passes while every node is down is written when a node comes back, and publishing resumes', {
  skip,
}, async () => {
  const cut = await a.api('POST', '/api/v1/accounts/noisy/overrides', {
    kind: 'kill-switch',
    reason: 'maintenance',
    expiresInSeconds: 3,
  });
  assert.equal(cut.status, 201);
  await until(b, 'dropped; reason=kill-switch', 'node B to enforce the cut-off');
  await b.server.close();
  await a.server.close();
  const expiresAt = Date.parse(cut.body.expiresAt);
  await waitFor(
    async () => (Date.now() > expiresAt ? true : undefined),
    'the expiry to pass while both nodes are down',
  );
  a = await a.restart();
  assert.equal(await outcome(a), 'accepted; durable=spool', 'the restarted node publishes at once');
  const ended = await waitFor(async () => {
    const latest = (await a.api('GET', '/api/v1/accounts/noisy/overrides')).body.items[0];
    return latest?.id === cut.body.id && latest.end === 'expired' ? latest : undefined;
  }, 'the restarted node to write the expiry');
  assert.deepEqual(ended.endedBy, { kind: 'system', name: 'override-expiry' });
  assert.equal(await expiries(a), 2, 'one audited expiry per cut-off');
  b = await b.restart();
  assert.equal(await outcome(b), 'accepted; durable=spool');
});
