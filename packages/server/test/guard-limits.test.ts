import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { changeSystemFlag, createTenant, customEvents, postEvents, variationOf } from './support/events.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let s: TestServer;

before(async () => {
  // A long breaker window: these tests are about the limits, not the breaker.
  s = await startTestServer('sqlite', undefined, { events: { breaker: { tripAfterMs: 60_000 } } });
});
after(() => s.close());

const header = (reply: { headers: Headers }) => reply.headers.get('x-switchyard-events');

test('over its events-per-second limit an account gets 429 with Retry-After, before its body is read', async () => {
  const t = await createTenant(s, 'limited', { limits: { eventsPerSecond: 100 } });
  const first = await postEvents(s.url, '/bulk', customEvents(100), { auth: t.sdkKey });
  assert.equal(header(first), 'accepted; durable=spool');
  const second = await postEvents(s.url, '/bulk', customEvents(100), { auth: t.sdkKey });
  assert.equal(second.status, 202);
  // The bucket is in debt now: the next post is refused at the door. Its body is not
  // even JSON, and it is not parsed: it gets the 429, not a 400.
  const third = await postEvents(s.url, '/bulk', '{not json', { auth: t.sdkKey });
  assert.equal(third.status, 429);
  assert.equal(header(third), 'rejected; reason=rate-limit');
  assert.equal(third.body.code, 'RATE_LIMITED');
  const retry = Number(third.headers.get('retry-after'));
  assert.ok(retry >= 1 && retry <= 2, `Retry-After ${retry}`);
  const other = await createTenant(s, 'unlimited');
  assert.equal(
    header(await postEvents(s.url, '/bulk', customEvents(100), { auth: other.sdkKey })),
    'accepted; durable=spool',
  );
  await new Promise((resolve) => setTimeout(resolve, 1100 * retry));
  assert.equal(
    header(await postEvents(s.url, '/bulk', customEvents(10), { auth: t.sdkKey })),
    'accepted; durable=spool',
  );
  const usage = (await s.api('GET', '/api/v1/accounts/limited/usage')).body;
  assert.equal(usage.accepted, 210);
  assert.ok(usage.dropped['rate-limit'] >= 1);
  assert.equal(usage.limits.effectiveEventsPerSecond, 100);
});

test('the events-per-second-limit flag overrides the account limit for the accounts it targets', async () => {
  const t = await createTenant(s, 'flag-limited', { limits: { eventsPerSecond: 100_000 } });
  const set = await changeSystemFlag(s, 'events-per-second-limit', (c, variations) => ({
    ...c,
    contextTargets: [
      { contextKind: 'account', variation: variationOf(variations, 100), values: ['flag-limited'] },
    ],
  }));
  assert.equal(set.status, 200, JSON.stringify(set.body));
  const usage = (await s.api('GET', '/api/v1/accounts/flag-limited/usage')).body;
  assert.equal(usage.limits.eventsPerSecond, 100_000);
  assert.equal(usage.limits.effectiveEventsPerSecond, 100);
  const outcomes: (string | null)[] = [];
  for (let i = 0; i < 3; i++) {
    outcomes.push(header(await postEvents(s.url, '/bulk', customEvents(100), { auth: t.sdkKey })));
  }
  assert.deepEqual(outcomes.slice(0, 2), ['accepted; durable=spool', 'accepted; durable=spool']);
  assert.equal(outcomes[2], 'rejected; reason=rate-limit');
  await changeSystemFlag(s, 'events-per-second-limit', (c) => ({ ...c, contextTargets: [] }));
});

test('past its monthly quota an account’s events are dropped with 202, reason quota', async () => {
  const t = await createTenant(s, 'quota', { limits: { eventsPerMonth: 150 } });
  assert.equal(
    header(await postEvents(s.url, '/bulk', customEvents(100), { auth: t.sdkKey })),
    'accepted; durable=spool',
  );
  assert.equal(
    header(await postEvents(s.url, '/bulk', customEvents(100), { auth: t.sdkKey })),
    'accepted; durable=spool',
  );
  const over = await postEvents(s.url, '/bulk', customEvents(100), { auth: t.sdkKey });
  assert.equal(over.status, 202);
  assert.equal(header(over), 'dropped; reason=quota');
  const usage = (await s.api('GET', '/api/v1/accounts/quota/usage')).body;
  assert.equal(usage.accepted, 200);
  assert.ok(usage.dropped.quota >= 1);
  assert.equal(usage.percentUsed, 133.33);
});

test('sampling keeps about the ratio of events, and a retry of the same payload keeps the same ones', async () => {
  const t = await createTenant(s, 'sampled');
  await changeSystemFlag(s, 'event-sampling-ratio', (c, variations) => ({
    ...c,
    contextTargets: [
      { contextKind: 'account', variation: variationOf(variations, 0.1), values: ['sampled'] },
    ],
  }));
  const payloadId = randomUUID();
  const first = await postEvents(s.url, '/bulk', customEvents(1000), { auth: t.sdkKey, payloadId });
  const match = /^accepted; durable=spool; sampled=(\d+)\/1000$/.exec(header(first) ?? '');
  assert.ok(match, header(first) ?? 'no header');
  const kept = Number(match[1]);
  assert.ok(kept > 50 && kept < 150, `kept ${kept} of 1000 at 0.1`);
  const retry = await postEvents(s.url, '/bulk', customEvents(1000), { auth: t.sdkKey, payloadId });
  assert.equal(header(retry), header(first));
  const usage = (await s.api('GET', '/api/v1/accounts/sampled/usage')).body;
  assert.equal(usage.dropped.sampling, 2 * (1000 - kept));
  await changeSystemFlag(s, 'event-sampling-ratio', (c) => ({ ...c, contextTargets: [] }));
  assert.equal(
    header(await postEvents(s.url, '/bulk', customEvents(10), { auth: t.sdkKey })),
    'accepted; durable=spool',
  );
});
