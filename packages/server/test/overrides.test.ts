import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTenant, customEvents, postEvents, type Tenant, waitFor } from './support/events.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let s: TestServer;
let noisy: Tenant;
let quiet: Tenant;

before(async () => {
  s = await startTestServer('sqlite', undefined, { events: { overrideSweepMs: 50 } });
  noisy = await createTenant(s, 'noisy');
  quiet = await createTenant(s, 'quiet');
});
after(() => s.close());

const outcome = async (tenant: Tenant) =>
  (await postEvents(s.url, '/bulk', customEvents(3), { auth: tenant.sdkKey })).headers.get(
    'x-switchyard-events',
  );
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

test('a cut-off with an expiry drops the account’s events, then lifts itself, audited once', async () => {
  assert.equal(await outcome(noisy), 'accepted; durable=spool');
  const cut = await s.api('POST', '/api/v1/accounts/noisy/overrides', {
    kind: 'kill-switch',
    reason: 'flooding the pipeline',
    expiresAt: inSeconds(2),
  });
  assert.equal(cut.status, 201, JSON.stringify(cut.body));
  assert.equal(cut.body.kind, 'kill-switch');
  assert.equal(cut.body.value, false);
  assert.equal(cut.body.end, null);
  assert.equal(await outcome(noisy), 'dropped; reason=kill-switch');
  assert.equal(await outcome(quiet), 'accepted; durable=spool', 'other accounts carry on');
  await waitFor(
    async () => ((await outcome(noisy)) === 'accepted; durable=spool' ? true : undefined),
    'the cut-off to expire and the account to publish again',
  );
  const ended = await waitFor(async () => {
    const history = (await s.api('GET', '/api/v1/accounts/noisy/overrides')).body.items;
    return history[0]?.end === 'expired' ? history[0] : undefined;
  }, 'the expiry to be written to the account’s history');
  assert.equal(ended.id, cut.body.id);
  assert.deepEqual(ended.endedBy, { kind: 'system', name: 'override-expiry' });
  const audit = (await s.api('GET', '/api/v1/audit?resourceKind=account&resourceKey=noisy')).body.items;
  assert.equal(audit.filter((e: { action: string }) => e.action === 'account.override.expire').length, 1);
  const set = audit.find((e: { action: string }) => e.action === 'account.override.set');
  assert.equal(set.comment, 'flooding the pipeline');
  const rules = (await s.api('GET', '/api/v1/projects/switchyard-system/flags/ingest-events')).body
    .environments.production.rules;
  assert.deepEqual(rules, [], 'the expired rule is gone from the flag');
});

test('lifting early is one call, and the history keeps every cut-off with who ended it', async () => {
  const cut = await s.api('POST', '/api/v1/accounts/noisy/overrides', {
    kind: 'kill-switch',
    reason: 'again',
  });
  assert.equal(cut.status, 201);
  assert.equal(cut.body.expiresAt, null);
  assert.equal(await outcome(noisy), 'dropped; reason=kill-switch');
  const lifted = await s.api('DELETE', `/api/v1/accounts/noisy/overrides/${cut.body.id}`);
  assert.equal(lifted.status, 200);
  assert.equal(lifted.body.end, 'lifted');
  assert.equal(await outcome(noisy), 'accepted; durable=spool');
  const again = await s.api('DELETE', `/api/v1/accounts/noisy/overrides/${cut.body.id}`);
  assert.equal(again.status, 404);
  assert.equal(again.body.code, 'NOT_FOUND');
  const history = (await s.api('GET', '/api/v1/accounts/noisy/overrides')).body.items;
  assert.deepEqual(
    history.map((o: { end: string }) => o.end),
    ['lifted', 'expired'],
  );
  assert.deepEqual((await s.api('GET', '/api/v1/accounts/noisy/overrides?active=true')).body.items, []);
});

test('sampling and per-second limit overrides apply for a while and replace each other', async () => {
  const first = await s.api('POST', '/api/v1/accounts/quiet/overrides', {
    kind: 'per-second-limit',
    value: 1000,
    reason: 'calm it down',
    expiresInSeconds: 600,
  });
  assert.equal(first.status, 201, JSON.stringify(first.body));
  const usage = async () => (await s.api('GET', '/api/v1/accounts/quiet/usage')).body;
  assert.equal((await usage()).limits.effectiveEventsPerSecond, 1000);
  const second = await s.api('POST', '/api/v1/accounts/quiet/overrides', {
    kind: 'per-second-limit',
    value: 100,
    reason: 'calmer',
  });
  assert.equal(second.status, 201);
  assert.equal((await usage()).limits.effectiveEventsPerSecond, 100);
  const history = (await s.api('GET', '/api/v1/accounts/quiet/overrides')).body.items;
  assert.deepEqual(
    history.map((o: { end: string | null }) => o.end),
    [null, 'replaced'],
  );
  const sampled = await s.api('POST', '/api/v1/accounts/quiet/overrides', {
    kind: 'sampling',
    value: 0.5,
    reason: 'half is enough',
  });
  assert.equal(sampled.status, 201);
  assert.equal((await s.api('GET', '/api/v1/accounts/quiet/overrides?active=true')).body.items.length, 2);
  await s.api('DELETE', `/api/v1/accounts/quiet/overrides/${second.body.id}`);
  await s.api('DELETE', `/api/v1/accounts/quiet/overrides/${sampled.body.id}`);
  assert.equal((await usage()).limits.effectiveEventsPerSecond, null);
});

test('bad override requests get stable error codes', async () => {
  const cases: [unknown, number, string][] = [
    [{ kind: 'kill-switch', reason: '   ' }, 400, 'INVALID_DATA'],
    [{ kind: 'kill-switch' }, 400, 'VALIDATION_FAILED'],
    [{ kind: 'kill-switch', reason: 'x', value: 3 }, 400, 'VALIDATION_FAILED'],
    [{ kind: 'sampling', reason: 'x' }, 400, 'INVALID_DATA'],
    [{ kind: 'sampling', reason: 'x', value: 0.33 }, 400, 'INVALID_DATA'],
    [{ kind: 'per-second-limit', reason: 'x', value: 1000, expiresAt: inSeconds(-10) }, 400, 'INVALID_DATA'],
    [
      { kind: 'kill-switch', reason: 'x', expiresAt: inSeconds(9), expiresInSeconds: 9 },
      400,
      'VALIDATION_FAILED',
    ],
    [{ kind: 'nope', reason: 'x' }, 400, 'VALIDATION_FAILED'],
    [{ kind: 'kill-switch', reason: 'x'.repeat(501) }, 400, 'COMMENT_TOO_LONG'],
  ];
  for (const [body, status, code] of cases) {
    const r = await s.api('POST', '/api/v1/accounts/quiet/overrides', body);
    assert.equal(r.status, status, JSON.stringify(body));
    assert.equal(r.body.code, code, JSON.stringify(body));
  }
  const missing = await s.api('POST', '/api/v1/accounts/nobody/overrides', {
    kind: 'kill-switch',
    reason: 'x',
  });
  assert.equal(missing.status, 404);
  const reader = (await s.api('POST', '/api/v1/tokens', { name: 'r', role: 'reader' })).body.token;
  const forbidden = await s.api(
    'POST',
    '/api/v1/accounts/quiet/overrides',
    { kind: 'kill-switch', reason: 'x' },
    reader,
  );
  assert.equal(forbidden.status, 403);
  assert.equal((await s.api('GET', '/api/v1/accounts/quiet/overrides', undefined, reader)).status, 200);
  assert.equal(await outcome(quiet), 'accepted; durable=spool', 'no refused request cut the account off');
});
