import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventBatch, EventSource } from '../src/events/event-post.js';
import { MAX_FLAG_CONTEXTS_PER_POST } from '../src/events/flag-contexts.js';
import { foldBatch } from '../src/events/fold-events.js';
import { parseEventPayload } from '../src/events/parse-events.js';

const T = Date.UTC(2026, 0, 15, 10);

function fold(events: unknown[], source: EventSource = 'server', overrides: Partial<EventBatch> = {}) {
  const parsed = parseEventPayload(events, 'analytics');
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
  const folded = foldBatch({
    payloadId: 'p1',
    accountKey: 'acme',
    projectKey: 'shop',
    environmentKey: 'production',
    source,
    kind: 'analytics',
    receivedAt: T + 60_000,
    events: parsed.events,
    ...overrides,
  });
  return folded.flagContexts
    .map((c) => `${c.flagKey} ${c.contextKind}:${c.contextKey}`)
    .sort()
    .join(', ');
}

const summary = (startDate: number, flags: string[], extra: Record<string, unknown> = {}) => ({
  kind: 'summary',
  startDate,
  endDate: startDate + 1000,
  features: Object.fromEntries(flags.map((f) => [f, { counters: [{ variation: 0, version: 1, count: 2 }] }])),
  ...extra,
});
const feature = (flag: string, context: Record<string, unknown>) => ({
  kind: 'feature',
  creationDate: T,
  key: flag,
  value: true,
  variation: 0,
  context,
});
const identify = (creationDate: number, key: string) => ({
  kind: 'identify',
  creationDate,
  context: { kind: 'user', key },
});

test('feature events attribute their own flag to each kind of their context, in any source', () => {
  assert.equal(
    fold([
      feature('checkout', { kind: 'multi', user: { key: 'u1' }, org: { key: 'acme' } }),
      { kind: 'debug', creationDate: T, key: 'banner', value: 1, contextKeys: { user: 'u2' } },
    ]),
    'banner user:u2, checkout org:acme, checkout user:u1',
  );
});

test('a server-side summary without a context is attributed to nobody, even beside one index event', () => {
  assert.equal(
    fold([
      { kind: 'index', creationDate: T, context: { kind: 'user', key: 'u1' } },
      summary(T, ['checkout']),
    ]),
    '',
  );
});

test('a summary naming its own context (js-core client-side SDKs) attributes its flags to it', () => {
  assert.equal(
    fold(
      [
        summary(T, ['a', 'b'], { context: { kind: 'user', key: 'u1' } }),
        summary(T, ['b'], { context: { kind: 'user', key: 'u2' } }),
      ],
      'client',
    ),
    'a user:u1, b user:u1, b user:u2',
  );
});

test('a client-side or mobile summary without a context takes the one context its post names', () => {
  const events = [
    identify(T - 5000, 'u1'),
    feature('a', { kind: 'user', key: 'u1' }),
    summary(T, ['a', 'b']),
  ];
  assert.equal(fold(events, 'mobile'), 'a user:u1, b user:u1');
  assert.equal(fold(events, 'client'), 'a user:u1, b user:u1');
});

test('a summary without a context is left unattributed when the post names two contexts', () => {
  assert.equal(
    fold([feature('a', { kind: 'user', key: 'u1' }), identify(T - 5000, 'u2'), summary(T, ['b'])], 'client'),
    'a user:u1',
  );
});

test('an identify at or after the summary began may have switched contexts: no attribution', () => {
  assert.equal(fold([identify(T + 10, 'u2'), summary(T, ['b'])], 'client'), '');
  assert.equal(fold([identify(T, 'u2'), summary(T, ['b'])], 'mobile'), '');
});

test('a sampled post attributes only its feature events, not its summaries', () => {
  assert.equal(
    fold([feature('a', { kind: 'user', key: 'u1' }), summary(T, ['b'])], 'client', { sampled: true }),
    'a user:u1',
  );
});

test('one post adds at most MAX_FLAG_CONTEXTS_PER_POST pairs', () => {
  const events = Array.from({ length: MAX_FLAG_CONTEXTS_PER_POST + 50 }, (_, i) =>
    feature('a', { kind: 'user', key: `u${i}` }),
  );
  const parsed = parseEventPayload(events, 'analytics');
  assert.ok(parsed.ok);
  const folded = foldBatch({
    payloadId: 'p',
    accountKey: 'a',
    projectKey: 'p',
    environmentKey: 'e',
    source: 'server',
    kind: 'analytics',
    receivedAt: T,
    events: parsed.events,
  });
  assert.equal(folded.flagContexts.length, MAX_FLAG_CONTEXTS_PER_POST);
});
