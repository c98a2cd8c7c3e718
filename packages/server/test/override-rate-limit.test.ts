/**
 * A per-second-limit override (what the ops console sets, through the admin API) limits
 * the account's posts for real: a burst past it is refused with `rejected;
 * reason=rate-limit`, another account is untouched, and lifting or expiry restores it.
 * No timing assertions: bursts, then conditions waited for with generous deadlines.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTenant, customEvents, postEvents, type Tenant, waitFor } from './support/events.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let s: TestServer;
let limited: Tenant;
let other: Tenant;

before(async () => {
  // A long breaker window: this is about the override's limit, not the circuit breaker.
  s = await startTestServer('sqlite', undefined, {
    events: { overrideSweepMs: 50, breaker: { tripAfterMs: 600_000 } },
  });
  limited = await createTenant(s, 'override-limited');
  other = await createTenant(s, 'override-other');
});
after(() => s?.close());

const outcome = async (tenant: Tenant) =>
  (await postEvents(s.url, '/bulk', customEvents(60), { auth: tenant.sdkKey })).headers.get(
    'x-switchyard-events',
  );
/** Ten posts of 60 events at once (600 events against a limit of 100 a second). */
const burst = (tenant: Tenant) => Promise.all(Array.from({ length: 10 }, () => outcome(tenant)));

const LIMITED = 'rejected; reason=rate-limit';
const ACCEPTED = 'accepted; durable=spool';

/** Bursts until one is refused; an override is read from the system flags, which may take a moment. */
const refusedBurst = (tenant: Tenant) =>
  waitFor(async () => {
    const outcomes = await burst(tenant);
    return outcomes.includes(LIMITED) ? outcomes : undefined;
  }, 'a burst past the override to be refused');

/** Bursts until one is accepted whole. */
const acceptedBurst = (tenant: Tenant, what: string) =>
  waitFor(async () => {
    const outcomes = await burst(tenant);
    return outcomes.every((o) => o === ACCEPTED) ? outcomes : undefined;
  }, what);

test('without an override, a burst of the same size is accepted whole', async () => {
  assert.deepEqual(await burst(limited), Array(10).fill(ACCEPTED));
});

test('a per-second-limit override refuses a burst past it, leaves another account alone, and lifts', async () => {
  const set = await s.api('POST', `/api/v1/accounts/${limited.account}/overrides`, {
    kind: 'per-second-limit',
    value: 100,
    reason: 'incident: limit the flood',
  });
  assert.equal(set.status, 201, JSON.stringify(set.body));
  const outcomes = await refusedBurst(limited);
  assert.ok(outcomes.includes(ACCEPTED) || outcomes.includes(LIMITED), outcomes.join(' | '));
  assert.ok(
    outcomes.every((o) => o === ACCEPTED || o === LIMITED),
    outcomes.join(' | '),
  );
  const refused = await postEvents(s.url, '/bulk', customEvents(60), { auth: limited.sdkKey });
  if (refused.status === 429) assert.equal(refused.body.code, 'RATE_LIMITED');
  assert.deepEqual(await burst(other), Array(10).fill(ACCEPTED), 'another account is unaffected');
  const usage = await waitFor(async () => {
    const body = (await s.api('GET', `/api/v1/accounts/${limited.account}/usage`)).body;
    return body.dropped?.['rate-limit'] >= 1 ? body : undefined;
  }, 'the refused events to show in usage');
  assert.equal(usage.limits.effectiveEventsPerSecond, 100);

  const lifted = await s.api('DELETE', `/api/v1/accounts/${limited.account}/overrides/${set.body.id}`);
  assert.equal(lifted.status, 200);
  await acceptedBurst(limited, 'bursts to be accepted whole once the override is lifted');
});

test('a per-second-limit override that expires restores the account by itself', async () => {
  const set = await s.api('POST', `/api/v1/accounts/${limited.account}/overrides`, {
    kind: 'per-second-limit',
    value: 100,
    reason: 'a short limit',
    expiresInSeconds: 3,
  });
  assert.equal(set.status, 201, JSON.stringify(set.body));
  await refusedBurst(limited);
  await acceptedBurst(limited, 'bursts to be accepted whole once the override expired');
  const history = await waitFor(async () => {
    const items = (await s.api('GET', `/api/v1/accounts/${limited.account}/overrides`)).body.items;
    return items[0]?.end === 'expired' ? items : undefined;
  }, 'the expiry in the account’s history');
  assert.equal(history[0].id, set.body.id);
});
