import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventBatch } from '../src/events/event-post.js';
import { foldBatch, hourOf, mergeFolded } from '../src/events/fold-events.js';
import { parseEventPayload } from '../src/events/parse-events.js';

const HOUR = 3_600_000;

/** What insights get from batches: each folded at ingest, then merged by a consumer. */
const foldBatches = (batches: readonly EventBatch[]) => mergeFolded(batches.map(foldBatch));
const foldEvents = (one: EventBatch) => foldBatches([one]);
const H10 = Date.UTC(2026, 0, 15, 10);
const H11 = Date.UTC(2026, 0, 15, 11);

function batch(events: unknown[], overrides: Partial<EventBatch> = {}): EventBatch {
  const parsed = parseEventPayload(events, 'analytics');
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
  return {
    payloadId: 'p1',
    accountKey: 'acme',
    projectKey: 'shop',
    environmentKey: 'production',
    source: 'server',
    kind: 'analytics',
    receivedAt: H11 + 30 * 60_000,
    events: parsed.events,
    ...overrides,
  };
}

function summary(endDate: number, features: Record<string, unknown[]>): Record<string, unknown> {
  return {
    kind: 'summary',
    startDate: endDate - 1000,
    endDate,
    features: Object.fromEntries(Object.entries(features).map(([key, counters]) => [key, { counters }])),
  };
}

const sortBy = <T>(items: readonly T[], key: (item: T) => string): T[] =>
  [...items].sort((a, b) => key(a).localeCompare(key(b)));

test('hours are truncated in UTC', () => {
  assert.equal(hourOf(H10 + 59 * 60_000 + 59_999), H10);
  assert.equal(hourOf(H11), H11);
});

test('summary counters become evaluation counts per flag, variation and the hour of the end date', () => {
  const { evaluations } = foldEvents(
    batch([
      summary(H10 + 5 * 60_000, {
        checkout: [
          { value: true, variation: 1, version: 3, count: 4 },
          { value: false, variation: 0, version: 3, count: 2 },
          { value: false, unknown: true, count: 1 },
        ],
        banner: [{ value: 'x', variation: 2, version: 1, count: 7 }],
      }),
      // Same flag and variation in the same hour, another flag version: summed into one increment.
      summary(H10 + 50 * 60_000, { checkout: [{ value: true, variation: 1, version: 4, count: 6 }] }),
      summary(H11 + 1, { checkout: [{ value: true, variation: 1, version: 4, count: 1 }] }),
      // Variation missing without `unknown` (an error while the flag exists) also counts as unknown.
      summary(H11 + 2, { checkout: [{ value: false, version: 4, count: 3 }] }),
    ]),
  );
  const rows = sortBy(evaluations, (e) => `${e.flagKey}/${e.hour}/${e.variation}`).map(
    ({ flagKey, variation, hour, count }) => ({ flagKey, variation, hour, count }),
  );
  assert.deepEqual(rows, [
    { flagKey: 'banner', variation: 2, hour: H10, count: 7 },
    { flagKey: 'checkout', variation: 0, hour: H10, count: 2 },
    { flagKey: 'checkout', variation: 1, hour: H10, count: 10 },
    { flagKey: 'checkout', variation: null, hour: H10, count: 1 },
    { flagKey: 'checkout', variation: 1, hour: H11, count: 1 },
    { flagKey: 'checkout', variation: null, hour: H11, count: 3 },
  ]);
  assert.ok(evaluations.every((e) => e.projectKey === 'shop' && e.environmentKey === 'production'));
});

test('feature events are not counted as evaluations, since the summary already counts them', () => {
  const { evaluations } = foldEvents(
    batch([
      { kind: 'feature', creationDate: H10, key: 'checkout', variation: 1, contextKeys: { user: 'u' } },
    ]),
  );
  assert.deepEqual(evaluations, []);
});

test('custom events are counted per key and hour with the sum of their metric values', () => {
  const ctx = { kind: 'user', key: 'u1' };
  const { customEvents } = foldEvents(
    batch([
      { kind: 'custom', creationDate: H10 + 1, key: 'purchase', context: ctx, metricValue: 9.5 },
      { kind: 'custom', creationDate: H10 + 2, key: 'purchase', context: ctx, metricValue: 0.5 },
      { kind: 'custom', creationDate: H10 + 3, key: 'purchase', contextKeys: { user: 'u2' } },
      { kind: 'custom', creationDate: H11 + 3, key: 'purchase', userKey: 'u3', metricValue: 2 },
      { kind: 'custom', creationDate: H10 + 4, key: 'signup', context: ctx },
      {
        kind: 'click',
        creationDate: H10 + 4,
        key: 'buy',
        contextKeys: { user: 'u1' },
        url: 'https://x.test',
      },
    ]),
  );
  const rows = sortBy(customEvents, (e) => `${e.eventKey}/${e.hour}`).map(
    ({ eventKey, hour, count, metricSum }) => ({
      eventKey,
      hour,
      count,
      metricSum,
    }),
  );
  assert.deepEqual(rows, [
    { eventKey: 'purchase', hour: H10, count: 3, metricSum: 10 },
    { eventKey: 'purchase', hour: H11, count: 1, metricSum: 2 },
    { eventKey: 'signup', hour: H10, count: 1, metricSum: 0 },
  ]);
});

test('contexts are seen in every form with the latest time any event gave them', () => {
  const { contexts } = foldEvents(
    batch([
      { kind: 'index', creationDate: H10 + 10, context: { kind: 'user', key: 'u1' } },
      {
        kind: 'identify',
        creationDate: H10 + 5,
        context: { kind: 'multi', user: { key: 'u1' }, org: { key: 'acme' } },
      },
      { kind: 'feature', creationDate: H10 + 20, key: 'f', contextKeys: { user: 'u2', device: 'd1' } },
      { kind: 'custom', creationDate: H10 + 1, key: 'e', userKey: 'legacy-1' },
      { kind: 'identify', creationDate: H10 + 2, user: { key: 'legacy-2', name: 'L' } },
      { ...summary(H10 + 30, {}), context: { kind: 'user', key: 'u3' } },
    ]),
  );
  const rows = sortBy(contexts, (c) => `${c.contextKind}/${c.contextKey}`).map(
    ({ contextKind, contextKey, lastSeen }) => ({ contextKind, contextKey, lastSeen }),
  );
  assert.deepEqual(rows, [
    { contextKind: 'device', contextKey: 'd1', lastSeen: H10 + 20 },
    { contextKind: 'org', contextKey: 'acme', lastSeen: H10 + 5 },
    { contextKind: 'user', contextKey: 'legacy-1', lastSeen: H10 + 1 },
    { contextKind: 'user', contextKey: 'legacy-2', lastSeen: H10 + 2 },
    { contextKind: 'user', contextKey: 'u1', lastSeen: H10 + 10 },
    { contextKind: 'user', contextKey: 'u2', lastSeen: H10 + 20 },
    { contextKind: 'user', contextKey: 'u3', lastSeen: H10 + 30 },
  ]);
});

test('a time later than the batch was received counts at the time of receipt', () => {
  const receivedAt = H10 + 10 * 60_000;
  const far = H10 + 1000 * HOUR;
  const folded = foldEvents(
    batch(
      [
        summary(far, { f: [{ variation: 0, version: 1, count: 1 }] }),
        { kind: 'custom', creationDate: far, key: 'e', contextKeys: { user: 'u' } },
      ],
      { receivedAt },
    ),
  );
  assert.equal(folded.evaluations[0]?.hour, H10);
  assert.equal(folded.customEvents[0]?.hour, H10);
  assert.equal(folded.contexts[0]?.lastSeen, receivedAt);
});

test('batches of different environments are kept apart and the same tuple across batches is summed', () => {
  const events = [summary(H10, { f: [{ variation: 0, version: 1, count: 2 }] })];
  const folded = foldBatches([
    batch(events),
    batch(events, { payloadId: 'p2' }),
    batch(events, { payloadId: 'p3', environmentKey: 'staging' }),
  ]);
  const byEnv = sortBy(folded.evaluations, (e) => e.environmentKey).map((e) => [e.environmentKey, e.count]);
  assert.deepEqual(byEnv, [
    ['production', 4],
    ['staging', 2],
  ]);
});

test('diagnostic batches and unknown shapes add nothing', () => {
  const diagnostic: EventBatch = {
    ...batch([]),
    kind: 'diagnostic',
    events: [{ kind: 'diagnostic-init', creationDate: H10, id: { diagnosticId: 'd' } }],
  };
  assert.deepEqual(foldBatches([diagnostic, batch([])]), {
    evaluations: [],
    customEvents: [],
    contexts: [],
    flagContexts: [],
  });
});
