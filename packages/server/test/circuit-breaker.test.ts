import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  changeSystemFlag,
  createTenant,
  customEvents,
  postEvents,
  type Tenant,
  variationOf,
  waitFor,
} from './support/events.js';
import { startTestServer, type TestServer } from './support/test-server.js';

// The defaults: 5× the limit for 2 s trips the breaker for 60 s.
let s: TestServer;
// Short windows, to watch a throttle expire.
let quick: TestServer;
let runawayTenant: Tenant;

before(async () => {
  [s, quick] = await Promise.all([
    startTestServer('sqlite'),
    startTestServer('sqlite', undefined, {
      events: { breakerSweepMs: 100, breaker: { tripAfterMs: 500, expiryMs: 1500 } },
    }),
  ]);
});
after(() => Promise.all([s.close(), quick.close()]));

const header = (reply: { headers: Headers }) => reply.headers.get('x-switchyard-events');
const BATCH = JSON.stringify(customEvents(100));
const SYSTEM_FLAG = '/api/v1/projects/switchyard-system/flags/events-throttled';

/**
 * Posts 100-event batches back to back from `parallel` clients for `ms` (or until `stop` says
 * so); returns the outcomes. Several clients keep the offered rate far above the limit on a busy
 * machine, where one client waiting on each reply may not reach the breaker's 5x.
 */
async function runaway(
  server: TestServer,
  t: Tenant,
  ms: number,
  stop?: (outcome: string) => boolean,
  parallel = 1,
) {
  const outcomes: string[] = [];
  const deadline = Date.now() + ms;
  let stopped = false;
  const client = async () => {
    while (!stopped && Date.now() < deadline) {
      const reply = await postEvents(server.url, '/bulk', BATCH, { auth: t.sdkKey });
      const outcome = header(reply) ?? `status ${reply.status}`;
      outcomes.push(outcome);
      if (stop?.(outcome)) stopped = true;
    }
  };
  await Promise.all(Array.from({ length: parallel }, client));
  return outcomes;
}

/** Long enough for the breaker to trip on a slow machine; the runaway stops as soon as it does. */
const TRIP_DEADLINE_MS = 30_000;

const throttled = (outcome: string) => outcome === 'rejected; reason=circuit-breaker';

async function breakerRules(server: TestServer): Promise<{ id: string }[]> {
  const rules = (await server.api('GET', SYSTEM_FLAG)).body.environments.production.rules as { id: string }[];
  return rules.filter((rule) => rule.id.startsWith('circuit-breaker:'));
}

test('an account sending far above its limit is throttled by the circuit breaker, recorded as a system actor', async () => {
  const t = await createTenant(s, 'runaway', { limits: { eventsPerSecond: 100 } });
  runawayTenant = t;
  const calm = await createTenant(s, 'calm', { limits: { eventsPerSecond: 100 } });
  const started = Date.now();
  const outcomes = await runaway(s, t, TRIP_DEADLINE_MS, throttled, 4);
  const elapsed = Date.now() - started;
  assert.ok(outcomes.some(throttled), `never throttled: ${[...new Set(outcomes)].join(', ')}`);
  assert.ok(elapsed >= 1900, `tripped after ${elapsed} ms, before the 2 s window`);
  assert.ok(outcomes.includes('rejected; reason=rate-limit'));

  const refused = await postEvents(s.url, '/bulk', BATCH, { auth: t.sdkKey });
  assert.equal(refused.status, 429);
  assert.equal(refused.body.code, 'EVENTS_THROTTLED');
  const retry = Number(refused.headers.get('retry-after'));
  assert.ok(retry > 50 && retry <= 60, `Retry-After ${retry}`);
  assert.equal(
    header(await postEvents(s.url, '/bulk', customEvents(10), { auth: calm.sdkKey })),
    'accepted; durable=spool',
  );

  const [rule] = await breakerRules(s);
  assert.match(rule?.id ?? '', /^circuit-breaker:runaway:\d{13}$/);
  const audit = (await s.api('GET', '/api/v1/audit?actor=circuit-breaker')).body.items;
  assert.equal(audit[0].actor.kind, 'system');
  assert.equal(audit[0].actor.name, 'circuit-breaker');
  assert.equal(audit[0].resourceKey, 'events-throttled');
  assert.ok(audit[0].after.rules.some((r: { id: string }) => r.id === rule?.id));

  const usage = (await s.api('GET', '/api/v1/accounts/runaway/usage')).body;
  assert.equal(usage.throttle.by, 'circuit-breaker');
  assert.equal(usage.throttle.ruleId, rule?.id);
  assert.ok(usage.dropped['circuit-breaker'] >= 1);
  assert.ok(usage.dropped['rate-limit'] >= 1);
});

test('a person overrides the breaker by targeting the account with false or deleting the rule, and the breaker then leaves it alone', async () => {
  const t = runawayTenant;
  assert.equal((await breakerRules(s)).length, 1);
  // The token bucket's debt is at most one batch: one second pays it.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  assert.equal(
    header(await postEvents(s.url, '/bulk', BATCH, { auth: t.sdkKey })),
    'rejected; reason=circuit-breaker',
  );
  await changeSystemFlag(s, 'events-throttled', (c, variations) => ({
    ...c,
    contextTargets: [
      { contextKind: 'account', variation: variationOf(variations, false), values: ['runaway'] },
    ],
  }));
  assert.equal(
    header(await postEvents(s.url, '/bulk', customEvents(10), { auth: t.sdkKey })),
    'accepted; durable=spool',
  );
  await changeSystemFlag(s, 'events-throttled', (c) => ({ ...c, contextTargets: [] }));
  assert.equal(
    header(await postEvents(s.url, '/bulk', BATCH, { auth: t.sdkKey })),
    'rejected; reason=circuit-breaker',
  );

  const lifted = await changeSystemFlag(s, 'events-throttled', (c) => ({
    ...c,
    rules: c.rules.filter((r: { id: string }) => !r.id.startsWith('circuit-breaker:')),
  }));
  assert.equal(lifted.status, 200);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  assert.equal(
    header(await postEvents(s.url, '/bulk', customEvents(10), { auth: t.sdkKey })),
    'accepted; durable=spool',
  );
  const outcomes = await runaway(s, t, 2600, throttled);
  assert.equal(outcomes.filter(throttled).length, 0, 'tripped again after a person released it');
  assert.equal((await breakerRules(s)).length, 0);
});

test('an account targeted with false on events-throttled is never tripped', async () => {
  const t = await createTenant(s, 'exempt', { limits: { eventsPerSecond: 100 } });
  await changeSystemFlag(s, 'events-throttled', (c, variations) => ({
    ...c,
    contextTargets: [
      { contextKind: 'account', variation: variationOf(variations, false), values: ['exempt'] },
    ],
  }));
  const outcomes = await runaway(s, t, 2600, throttled);
  assert.equal(outcomes.filter(throttled).length, 0);
  assert.ok(outcomes.includes('rejected; reason=rate-limit'));
  assert.equal((await breakerRules(s)).length, 0);
});

test('a throttle expires: the account is accepted again and the sweeper removes the rule', async () => {
  const t = await createTenant(quick, 'spiky', { limits: { eventsPerSecond: 100 } });
  const outcomes = await runaway(quick, t, TRIP_DEADLINE_MS, throttled, 4);
  assert.ok(outcomes.some(throttled), `never throttled: ${[...new Set(outcomes)].join(', ')}`);
  assert.equal((await breakerRules(quick)).length, 1);
  // Probes 5 times a second: refused probes are offered events too, and a faster probe could
  // itself reach 5x the limit and trip the breaker again once the throttle expires.
  await waitFor(
    async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const reply = await postEvents(quick.url, '/bulk', customEvents(10), { auth: t.sdkKey });
      return header(reply) === 'accepted; durable=spool' ? true : undefined;
    },
    'the throttle to expire',
    20_000,
  );
  await waitFor(
    async () => ((await breakerRules(quick)).length === 0 ? true : undefined),
    'the sweeper',
    20_000,
  );
  const audit = (await quick.api('GET', '/api/v1/audit?actor=circuit-breaker')).body.items;
  assert.equal(
    audit.length,
    2,
    `one write to throttle, one to remove the expired rule: ${JSON.stringify(audit.map((a: { at: string; after: { rules: { id: string }[] } }) => [a.at, a.after.rules.map((r) => r.id)]))}`,
  );
});

test('a breaker rule for an account with a long key still lets a person write the flag back', async () => {
  // Account keys may be 128 characters; the project key `${account}-app` must fit in 128 too.
  const account = `long-${'k'.repeat(119)}`;
  const t = await createTenant(quick, account, { limits: { eventsPerSecond: 100 } });
  const outcomes = await runaway(quick, t, TRIP_DEADLINE_MS, throttled, 4);
  assert.ok(outcomes.some(throttled), `never throttled: ${[...new Set(outcomes)].join(', ')}`);
  const [rule] = await breakerRules(quick);
  assert.ok((rule?.id.length ?? 0) > 128, `rule id ${rule?.id}`);
  // The dashboard reads the targeting and writes it back whole, the breaker's rule included.
  const written = await changeSystemFlag(quick, 'events-throttled', (c) => ({ ...c }));
  assert.equal(written.status, 200, JSON.stringify(written.body));
  assert.ok(written.body.rules.some((r: { id: string }) => r.id === rule?.id));
});
