import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type FoldedBatch, foldBatch } from '@switchyard/pipeline';
import { startTestServer, type TestServer } from './support/test-server.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.now();
const thisHour = Math.floor(now / HOUR) * HOUR;
const earlier = thisHour - 3 * HOUR;
const base = '/api/v1/projects/shop/environments/production/insights';

let s: TestServer;
let sequence = 0;

function batch(events: Record<string, unknown>[], environmentKey = 'production'): FoldedBatch {
  sequence += 1;
  return foldBatch({
    payloadId: `insights-api-${sequence}`,
    accountKey: 'default',
    projectKey: 'shop',
    environmentKey,
    source: 'server',
    kind: 'analytics',
    receivedAt: now,
    events,
  });
}

const summary = (endDate: number, features: Record<string, Record<string, unknown>[]>) => ({
  kind: 'summary',
  startDate: endDate - 1000,
  endDate,
  features: Object.fromEntries(Object.entries(features).map(([key, counters]) => [key, { counters }])),
});

before(async () => {
  s = await startTestServer('sqlite');
  assert.equal((await s.api('POST', '/api/v1/projects', { key: 'shop', name: 'Shop' })).status, 201);
  const flag = await s.api('POST', '/api/v1/projects/shop/flags', {
    key: 'checkout',
    name: 'New checkout',
    variations: ['old', 'new'],
  });
  assert.equal(flag.status, 201);
  const first = batch([
    summary(earlier + 60_000, {
      checkout: [
        { value: 'new', variation: 1, version: 1, count: 6 },
        { value: 'old', variation: 0, version: 1, count: 2 },
      ],
      // Evaluated by an SDK, never defined here: counted, without values.
      ghost: [{ value: false, unknown: true, count: 3 }],
    }),
    summary(thisHour + 1000, { checkout: [{ value: 'new', variation: 1, version: 1, count: 1 }] }),
    {
      kind: 'custom',
      creationDate: earlier,
      key: 'purchase',
      contextKeys: { user: 'u1' },
      metricValue: 12.5,
    },
    {
      kind: 'custom',
      creationDate: thisHour,
      key: 'purchase',
      contextKeys: { user: 'u2' },
      metricValue: 7.5,
    },
    {
      kind: 'index',
      creationDate: thisHour + 5,
      context: { kind: 'multi', user: { key: 'u2' }, org: { key: 'acme' } },
    },
  ]);
  // Redelivered: must count once.
  await s.server.insights.apply([first]);
  await s.server.insights.apply([first]);
  // Another environment's events never show in production's insights.
  await s.server.insights.apply([
    batch([summary(earlier, { checkout: [{ value: 'new', variation: 1, count: 100 }] })], 'test'),
  ]);
});

after(() => s?.close());

test('flag insights give each flag its total and counts by variation, with the values it defines', async () => {
  const r = await s.api('GET', `${base}/flags?hours=24`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.to, new Date(r.body.to).toISOString());
  assert.deepEqual(r.body.flags, [
    {
      key: 'checkout',
      name: 'New checkout',
      total: 9,
      variations: [
        { variation: 0, value: 'old', count: 2 },
        { variation: 1, value: 'new', count: 7 },
      ],
    },
    { key: 'ghost', total: 3, variations: [{ variation: null, count: 3 }] },
  ]);
});

test('the hours parameter narrows the window to the most recent hours', async () => {
  const r = await s.api('GET', `${base}/flags?hours=1`);
  assert.equal(r.status, 200);
  assert.deepEqual(
    r.body.flags.map((f: { key: string; total: number }) => [f.key, f.total]),
    [['checkout', 1]],
  );
});

test("a flag's hourly series lists each hour with its counts, oldest first", async () => {
  const r = await s.api('GET', `${base}/flags/checkout`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.hours, [
    {
      hour: new Date(earlier).toISOString(),
      total: 8,
      variations: [
        { variation: 0, value: 'old', count: 2 },
        { variation: 1, value: 'new', count: 6 },
      ],
    },
    {
      hour: new Date(thisHour).toISOString(),
      total: 1,
      variations: [{ variation: 1, value: 'new', count: 1 }],
    },
  ]);
  const from = new Date(thisHour - HOUR).toISOString();
  const narrow = await s.api(
    'GET',
    `${base}/flags/checkout?from=${from}&to=${new Date(now + 1).toISOString()}`,
  );
  assert.equal(narrow.status, 200);
  assert.deepEqual(
    narrow.body.hours.map((h: { hour: string }) => h.hour),
    [new Date(thisHour).toISOString()],
  );
});

test("a flag's daily series (grain=day) sums each UTC day from the rollup, the window widened to whole days", async () => {
  const day = (t: number) => Math.floor(t / DAY) * DAY;
  const from = new Date(now - 30 * DAY).toISOString();
  const r = await s.api('GET', `${base}/flags/checkout?grain=day&from=${from}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.grain, 'day');
  assert.equal(r.body.from, new Date(day(now - 30 * DAY)).toISOString(), 'from the start of that UTC day');
  assert.equal(r.body.hours, undefined);
  // The two hours may fall on one UTC day or two (shortly after midnight): the days they fall on.
  const expected =
    day(earlier) === day(thisHour)
      ? [
          {
            day: new Date(day(thisHour)).toISOString(),
            total: 9,
            variations: [
              { variation: 0, value: 'old', count: 2 },
              { variation: 1, value: 'new', count: 7 },
            ],
          },
        ]
      : [
          {
            day: new Date(day(earlier)).toISOString(),
            total: 8,
            variations: [
              { variation: 0, value: 'old', count: 2 },
              { variation: 1, value: 'new', count: 6 },
            ],
          },
          {
            day: new Date(day(thisHour)).toISOString(),
            total: 1,
            variations: [{ variation: 1, value: 'new', count: 1 }],
          },
        ];
  assert.deepEqual(r.body.days, expected);
  const hourly = await s.api('GET', `${base}/flags/checkout?grain=hour&from=${from}`);
  assert.equal(hourly.body.grain, 'hour');
  assert.equal(hourly.body.hours.length, 2);
});

test('custom event insights count each event key with the sum of its metric values', async () => {
  const r = await s.api('GET', `${base}/events?hours=24`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.events, [{ key: 'purchase', count: 2, metricSum: 20 }]);
});

test('recently seen contexts come newest first and can be filtered by kind', async () => {
  const r = await s.api('GET', `${base}/contexts?limit=10`);
  assert.equal(r.status, 200);
  assert.deepEqual(
    r.body.contexts.map((c: { kind: string; key: string }) => `${c.kind}:${c.key}`),
    ['org:acme', 'user:u2', 'user:u1'],
  );
  assert.equal(r.body.contexts[0].lastSeen, new Date(thisHour + 5).toISOString());
  const orgs = await s.api('GET', `${base}/contexts?kind=org`);
  assert.deepEqual(
    orgs.body.contexts.map((c: { key: string }) => c.key),
    ['acme'],
  );
  const one = await s.api('GET', `${base}/contexts?limit=1`);
  assert.equal(one.body.contexts.length, 1);
});

test('an unknown environment or project is a 404 on every insights route', async () => {
  for (const path of ['flags', 'flags/checkout', 'events', 'contexts']) {
    const env = await s.api('GET', `/api/v1/projects/shop/environments/nowhere/insights/${path}`);
    assert.equal(env.status, 404, path);
    assert.equal(env.body.code, 'NOT_FOUND');
    const project = await s.api('GET', `/api/v1/projects/nope/environments/production/insights/${path}`);
    assert.equal(project.status, 404, path);
  }
});

test('a bad query is a 400 that says what is wrong', async () => {
  for (const query of [
    'flags?hours=0',
    'flags?hours=abc',
    'flags?hours=100000',
    'flags?extra=1',
    'events?hours=-1',
    'contexts?limit=0',
    'contexts?kind=not%20a%20kind',
    'flags/checkout?from=yesterday',
    'flags/checkout?grain=week',
    `flags/checkout?from=${new Date(now).toISOString()}&to=${new Date(now - 2 * HOUR).toISOString()}`,
    `flags/checkout?from=${new Date(now - 40 * 24 * HOUR).toISOString()}`,
  ]) {
    const r = await s.api('GET', `${base}/${query}`);
    assert.equal(r.status, 400, query);
    assert.equal(r.body.code, 'VALIDATION_FAILED', query);
    assert.ok(r.body.message.length > 0);
  }
});

test('insights need a token: a reader may read them, a token of another project may not', async () => {
  assert.equal((await s.api('GET', `${base}/flags`, undefined, null)).status, 401);
  const reader = await s.api('POST', '/api/v1/tokens', { name: 'support', role: 'reader' });
  assert.equal((await s.api('GET', `${base}/flags`, undefined, reader.body.token)).status, 200);
  assert.equal((await s.api('POST', '/api/v1/projects', { key: 'other', name: 'Other' })).status, 201);
  const scoped = await s.api('POST', '/api/v1/tokens', {
    name: 'other team',
    role: 'reader',
    project: 'other',
  });
  const denied = await s.api('GET', `${base}/contexts`, undefined, scoped.body.token);
  assert.equal(denied.status, 403);
  assert.equal(denied.body.code, 'FORBIDDEN');
});
