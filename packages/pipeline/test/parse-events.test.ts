import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MAX_EVENTS_PER_PAYLOAD, parseEventPayload } from '../src/events/parse-events.js';

const SEED = Number(process.env.FC_SEED ?? 20261124);
const T = 1_760_000_000_000;

/** What the official Node server SDK 9 sends (reference/ld-protocol.md §3.3, §3.4). */
const nodeSdkPayload = [
  { kind: 'index', creationDate: T, context: { kind: 'user', key: 'u1', name: 'Ann' } },
  {
    kind: 'feature',
    creationDate: T,
    context: {
      kind: 'multi',
      user: { key: 'u1' },
      org: { key: 'acme', _meta: { redactedAttributes: ['x'] } },
    },
    key: 'checkout',
    value: true,
    default: false,
    variation: 1,
    version: 4,
    reason: { kind: 'FALLTHROUGH' },
  },
  { kind: 'debug', creationDate: T, context: { kind: 'user', key: 'u1' }, key: 'checkout', value: true },
  { kind: 'identify', creationDate: T, context: { kind: 'org', key: 'acme' } },
  {
    kind: 'custom',
    creationDate: T,
    key: 'purchase',
    context: { kind: 'user', key: 'u1' },
    metricValue: 9.5,
  },
  {
    kind: 'summary',
    startDate: T - 5000,
    endDate: T,
    features: {
      checkout: {
        default: false,
        contextKinds: ['user'],
        counters: [
          { value: true, variation: 1, version: 4, count: 3 },
          { value: false, unknown: true, count: 1 },
        ],
      },
    },
  },
  {
    kind: 'migration_op',
    operation: 'read',
    creationDate: T,
    context: { kind: 'user', key: 'u1' },
    evaluation: { key: 'migrate', value: 'off', default: 'off', reason: { kind: 'OFF' } },
    measurements: [{ key: 'invoked', values: { old: true } }],
  },
];

/** The older schema-4 forms: contextKeys, legacy users, browser goals. */
const legacyPayload = [
  { kind: 'feature', creationDate: T, contextKeys: { user: 'u1', org: 'acme' }, key: 'checkout', value: 1 },
  { kind: 'custom', creationDate: T, key: 'signup', userKey: 'u2' },
  { kind: 'identify', creationDate: T, user: { key: '', anonymous: true } },
  { kind: 'click', creationDate: T, key: 'buy-button', url: 'https://x.test/', contextKeys: { user: 'u3' } },
  { kind: 'pageview', creationDate: T, key: 'home', url: 'https://x.test/', contextKeys: { user: 'u3' } },
  {
    kind: 'summary',
    startDate: T,
    endDate: T,
    context: { kind: 'user', key: 'u3' },
    features: { 'a/b~c': { counters: [{ value: 2, variation: 0, version: 1, count: 2 }] } },
  },
];

test('a payload as the official Node SDK sends it is accepted with every event kept, unchanged', () => {
  const result = parseEventPayload(nodeSdkPayload, 'analytics');
  assert.deepEqual(result, { ok: true, events: nodeSdkPayload });
});

test('the older contextKeys, user and userKey forms and browser goals are accepted', () => {
  const result = parseEventPayload(legacyPayload, 'analytics');
  assert.ok(result.ok);
  assert.equal(result.events.length, legacyPayload.length);
});

test('an empty array is a valid payload with no events', () => {
  assert.deepEqual(parseEventPayload([], 'analytics'), { ok: true, events: [] });
});

test('event kinds the server does not know are accepted and left out, keeping the order of the rest', () => {
  const payload = [
    { kind: 'future-kind', anything: [1, 2] },
    nodeSdkPayload[0],
    { kind: 'another', creationDate: 'not checked' },
    nodeSdkPayload[3],
  ];
  assert.deepEqual(parseEventPayload(payload, 'analytics'), {
    ok: true,
    events: [nodeSdkPayload[0], nodeSdkPayload[3]],
  });
});

function rejection(
  body: unknown,
  kind: 'analytics' | 'diagnostic' = 'analytics',
): { path: string; message: string } {
  const result = parseEventPayload(body, kind);
  assert.equal(result.ok, false, `expected a rejection of ${JSON.stringify(body)}`);
  if (result.ok) throw new Error('unreachable');
  assert.ok(result.message.startsWith(result.path === '' ? 'The payload' : result.path), result.message);
  return { path: result.path, message: result.message };
}

function summaryWith(counter: unknown, flagKey = 'checkout'): unknown[] {
  return [
    nodeSdkPayload[0],
    nodeSdkPayload[1],
    nodeSdkPayload[2],
    {
      kind: 'summary',
      startDate: T,
      endDate: T,
      features: { [flagKey]: { counters: [{ count: 1 }, counter] } },
    },
  ];
}

test('a malformed summary counter is named by its JSON pointer in a message a person can act on', () => {
  assert.deepEqual(rejection(summaryWith({ count: -1 })), {
    path: '/3/features/checkout/counters/1/count',
    message: '/3/features/checkout/counters/1/count must be a non-negative integer',
  });
  assert.equal(rejection(summaryWith({ count: 1.5 })).path, '/3/features/checkout/counters/1/count');
  assert.equal(rejection(summaryWith({ count: '2' })).path, '/3/features/checkout/counters/1/count');
  assert.equal(
    rejection(summaryWith({ count: 1, variation: -2 })).path,
    '/3/features/checkout/counters/1/variation',
  );
  assert.equal(
    rejection(summaryWith({ count: 1, unknown: 'yes' })).path,
    '/3/features/checkout/counters/1/unknown',
  );
  assert.equal(rejection(summaryWith(null)).path, '/3/features/checkout/counters/1');
});

test('flag keys holding "/" or "~" are escaped in the pointer', () => {
  assert.equal(rejection(summaryWith({ count: -1 }, 'a/b~c')).path, '/3/features/a~1b~0c/counters/1/count');
});

test('each field insights rely on is checked where it is', () => {
  const cases: [unknown, string][] = [
    [{}, ''],
    ['[]', ''],
    [[null], '/0'],
    [[{ creationDate: T }], '/0/kind'],
    [[{ kind: 7 }], '/0/kind'],
    [[{ kind: 'summary', startDate: 'x', endDate: T, features: {} }], '/0/startDate'],
    [[{ kind: 'summary', startDate: T, features: {} }], '/0/endDate'],
    [[{ kind: 'summary', startDate: T, endDate: T, features: [] }], '/0/features'],
    [
      [{ kind: 'summary', startDate: T, endDate: T, features: { f: { counters: {} } } }],
      '/0/features/f/counters',
    ],
    [[{ kind: 'summary', startDate: T, endDate: T, features: { f: 1 } }], '/0/features/f'],
    [[{ kind: 'index', creationDate: T }], '/0'],
    [[{ kind: 'index', creationDate: Number.NaN, context: { kind: 'user', key: 'u' } }], '/0/creationDate'],
    [[{ kind: 'identify', creationDate: T, context: { kind: 'user', key: '' } }], '/0/context/key'],
    [[{ kind: 'identify', creationDate: T, context: { kind: 'user' } }], '/0/context/key'],
    [[{ kind: 'identify', creationDate: T, context: { kind: 'multi', key: 'x' } }], '/0/context/key'],
    [[{ kind: 'identify', creationDate: T, context: { kind: 'multi' } }], '/0/context'],
    [
      [{ kind: 'identify', creationDate: T, context: { kind: 'multi', org: { name: 'a' } } }],
      '/0/context/org/key',
    ],
    [[{ kind: 'identify', creationDate: T, context: { kind: 'bad kind!', key: 'k' } }], '/0/context/kind'],
    [[{ kind: 'identify', creationDate: T, context: { kind: 1, key: 'k' } }], '/0/context/kind'],
    [[{ kind: 'identify', creationDate: T, context: 'u1' }], '/0/context'],
    [[{ kind: 'identify', creationDate: T, user: { key: 5 } }], '/0/user/key'],
    [[{ kind: 'feature', creationDate: T, contextKeys: { user: 'u' } }], '/0/key'],
    [[{ kind: 'feature', creationDate: T, key: 'f', contextKeys: {} }], '/0/contextKeys'],
    [[{ kind: 'feature', creationDate: T, key: 'f', contextKeys: { user: 3 } }], '/0/contextKeys/user'],
    [[{ kind: 'feature', creationDate: T, key: 'f', contextKeys: { 'a/b': 'k' } }], '/0/contextKeys/a~1b'],
    [[{ kind: 'feature', creationDate: T, key: 'f', userKey: 'u', variation: 'one' }], '/0/variation'],
    [[{ kind: 'custom', creationDate: T, key: 'e', userKey: 'u', metricValue: '3' }], '/0/metricValue'],
    [[{ kind: 'custom', creationDate: T, key: 'e', userKey: 7 }], '/0/userKey'],
    [[{ kind: 'custom', creationDate: T, key: 'x'.repeat(1025), userKey: 'u' }], '/0/key'],
    [
      [{ kind: 'migration_op', creationDate: T, contextKeys: { user: 'u' }, evaluation: {} }],
      '/0/evaluation/key',
    ],
    [[{ kind: 'click', creationDate: T, contextKeys: { user: 'u' } }], '/0/key'],
  ];
  for (const [body, path] of cases) assert.equal(rejection(body).path, path, JSON.stringify(body));
});

test('a payload over the event cap is refused as a whole, naming the cap', () => {
  const over = Array.from({ length: MAX_EVENTS_PER_PAYLOAD + 1 }, () => nodeSdkPayload[0]);
  const { path, message } = rejection(over);
  assert.equal(path, '');
  assert.match(message, /at most 50000/);
  assert.ok(parseEventPayload(over.slice(1), 'analytics').ok);
});

test('a diagnostic post is one object of a diagnostic kind, returned as a one-event list', () => {
  const init = {
    kind: 'diagnostic-init',
    id: { diagnosticId: 'd1', sdkKeySuffix: 'abcdef' },
    creationDate: T,
  };
  assert.deepEqual(parseEventPayload(init, 'diagnostic'), { ok: true, events: [init] });
  const periodic = { kind: 'diagnostic', id: { diagnosticId: 'd1' }, creationDate: T, droppedEvents: 0 };
  assert.deepEqual(parseEventPayload(periodic, 'diagnostic'), { ok: true, events: [periodic] });
  assert.equal(rejection([init], 'diagnostic').path, '');
  assert.equal(rejection({ ...init, kind: 'summary' }, 'diagnostic').path, '/kind');
  assert.equal(rejection({ ...init, creationDate: null }, 'diagnostic').path, '/creationDate');
  assert.equal(rejection(init, 'analytics').path, '');
});

test('arbitrary JSON never makes parsing throw, and every result is well formed', () => {
  const eventLike = fc.record(
    {
      kind: fc.constantFrom(
        'index',
        'identify',
        'feature',
        'debug',
        'custom',
        'summary',
        'migration_op',
        'click',
      ),
      creationDate: fc.oneof(fc.integer(), fc.jsonValue()),
      startDate: fc.oneof(fc.nat(), fc.jsonValue()),
      endDate: fc.oneof(fc.nat(), fc.jsonValue()),
      key: fc.oneof(fc.string(), fc.jsonValue()),
      context: fc.oneof(
        fc.record({ kind: fc.oneof(fc.constantFrom('user', 'multi'), fc.string()), key: fc.jsonValue() }),
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.jsonValue(),
      ),
      contextKeys: fc.oneof(
        fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.jsonValue())),
        fc.jsonValue(),
      ),
      features: fc.oneof(
        fc.dictionary(
          fc.string(),
          fc.record({
            counters: fc.array(fc.dictionary(fc.constantFrom('count', 'variation'), fc.jsonValue())),
          }),
        ),
        fc.jsonValue(),
      ),
      metricValue: fc.jsonValue(),
    },
    { requiredKeys: ['kind'] },
  );
  const body = fc.oneof(fc.jsonValue(), fc.array(fc.oneof(eventLike, fc.jsonValue()), { maxLength: 8 }));
  fc.assert(
    fc.property(body, fc.constantFrom('analytics' as const, 'diagnostic' as const), (input, kind) => {
      const result = parseEventPayload(input, kind);
      if (result.ok) {
        assert.ok(Array.isArray(result.events));
        for (const event of result.events) assert.equal(typeof event, 'object');
      } else {
        assert.ok(result.path === '' || result.path.startsWith('/'));
        assert.ok(result.message.length > result.path.length);
      }
    }),
    { seed: SEED, numRuns: 500 },
  );
});
