import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTenant, customEvents, postEvents, type Tenant } from './support/events.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let s: TestServer;
let busy: Tenant;

before(async () => {
  s = await startTestServer('sqlite');
  busy = await createTenant(s, 'busy');
  await createTenant(s, 'quiet');
});
after(() => s.close());

const post = async (n: number) =>
  (await postEvents(s.url, '/bulk', customEvents(n), { auth: busy.sdkKey })).headers.get(
    'x-switchyard-events',
  );
// biome-ignore lint/suspicious/noExplicitAny: response bodies are read freely in tests
const sum = (points: any[], pick: (p: any) => number) => points.reduce((total, p) => total + pick(p), 0);

test('an account’s series counts accepted, offered and dropped events by reason, per minute and per hour', async () => {
  for (let i = 0; i < 3; i++) assert.equal(await post(10), 'accepted; durable=spool');
  const cut = await s.api('POST', '/api/v1/accounts/busy/overrides', { kind: 'kill-switch', reason: 'test' });
  assert.equal(cut.status, 201);
  for (let i = 0; i < 2; i++) assert.equal(await post(10), 'dropped; reason=kill-switch');

  const hour = await s.api('GET', '/api/v1/accounts/busy/series?range=hour');
  assert.equal(hour.status, 200);
  assert.equal(hour.body.grain, 'minute');
  assert.equal(hour.body.points.length, 60);
  assert.deepEqual(
    { accepted: hour.body.totals.accepted, offered: hour.body.totals.offered },
    { accepted: 30, offered: 50 },
  );
  assert.equal(hour.body.totals.dropped['kill-switch'], 20);
  assert.equal(
    sum(hour.body.points, (p) => p.accepted),
    30,
    'the buckets add up to the totals',
  );
  assert.equal(
    sum(hour.body.points, (p) => p.dropped['kill-switch']),
    20,
  );
  const last = Date.parse(hour.body.points.at(-1).at);
  assert.equal(last % 60_000, 0, 'minutes are aligned');
  assert.equal(Date.parse(hour.body.points[1].at) - Date.parse(hour.body.points[0].at), 60_000);
  assert.equal(Date.parse(hour.body.to), last + 60_000, 'the last bucket is the current minute');

  for (const [range, length] of [
    ['day', 24],
    ['week', 168],
  ] as const) {
    const r = await s.api('GET', `/api/v1/accounts/busy/series?range=${range}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.grain, 'hour');
    assert.equal(r.body.points.length, length);
    assert.equal(r.body.totals.accepted, 30, `${range}: the accepted events`);
    assert.equal(r.body.totals.dropped['kill-switch'], 20);
    assert.equal(Date.parse(r.body.points[1].at) - Date.parse(r.body.points[0].at), 3_600_000);
  }

  const quiet = await s.api('GET', '/api/v1/accounts/quiet/series');
  assert.equal(quiet.body.range, 'hour', 'the last hour by default');
  assert.equal(quiet.body.totals.offered, 0, 'another account’s events are not counted');
});

test('the series is kept in the database: a restarted server still has it', async () => {
  s = await s.restart();
  for (const range of ['hour', 'week']) {
    const r = await s.api('GET', `/api/v1/accounts/busy/series?range=${range}`);
    assert.deepEqual([r.body.totals.accepted, r.body.totals.offered], [30, 50], range);
  }
});

test('an unknown account is a 404, a bad range a 400, and the account’s audit entries filter by account', async () => {
  assert.equal((await s.api('GET', '/api/v1/accounts/nobody/series')).status, 404);
  assert.equal((await s.api('GET', '/api/v1/accounts/busy/series?range=month')).status, 400);
  const audit = await s.api('GET', '/api/v1/audit?account=busy');
  assert.equal(audit.status, 200);
  assert.deepEqual(
    audit.body.items.map((e: { action: string }) => e.action),
    ['account.override.set', 'account.create'],
  );
  assert.equal(audit.body.items[0].comment, 'test');
});
