import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFolded, type EventBatch, encodeFolded, foldBatch, MessageFormatError } from '../src/index.js';

const batch: EventBatch = {
  payloadId: 'p-1',
  accountKey: 'acme',
  projectKey: 'shop',
  environmentKey: 'production',
  source: 'server',
  kind: 'analytics',
  receivedAt: 1_700_000_000_000,
  events: [
    { kind: 'custom', key: 'clicked "buy"', creationDate: 1, context: { kind: 'user', key: 'ü-1' } },
    { kind: 'feature', key: 'checkout', creationDate: 1, value: 1, context: { kind: 'user', key: 'ü-1' } },
    {
      kind: 'summary',
      startDate: 0,
      endDate: 2,
      features: {
        checkout: {
          counters: [
            { variation: 1, version: 2, count: 3 },
            { unknown: true, count: 1 },
          ],
        },
      },
    },
  ],
};

test('folded posts decode to what was encoded, several in one message', () => {
  const folded = foldBatch(batch);
  const other = foldBatch({ ...batch, payloadId: 'p-2', environmentKey: 'staging', events: [] });
  assert.deepEqual(decodeFolded(encodeFolded([folded, other])), [folded, other]);
  assert.equal(folded.eventCount, 3);
  assert.deepEqual(folded.flagContexts, [
    { flagKey: 'checkout', contextKind: 'user', contextKey: 'ü-1', lastSeen: 1 },
  ]);
  assert.deepEqual(folded.evaluations, [
    { flagKey: 'checkout', variation: 1, hour: 0, count: 3 },
    { flagKey: 'checkout', variation: null, hour: 0, count: 1 },
  ]);
});

test('a folded post is much smaller than the events it counts', () => {
  const events = Array.from({ length: 100 }, (_, i) => ({
    kind: 'custom',
    key: 'purchase',
    creationDate: 1,
    context: { kind: 'user', key: `u-${i % 10}`, name: 'A user with a name', plan: 'pro' },
    data: { sku: `sku-${i}` },
  }));
  const raw = Buffer.byteLength(JSON.stringify({ ...batch, events }));
  const folded = encodeFolded([foldBatch({ ...batch, events })]).length;
  assert.ok(folded * 10 < raw, `${folded} bytes folded against ${raw} raw`);
});

test('a message written before the upgrade (one raw batch) is folded when read', () => {
  assert.deepEqual(decodeFolded(Buffer.from(JSON.stringify(batch))), [foldBatch(batch)]);
});

test('a post folded before per-flag contexts existed decodes with none', () => {
  const { flagContexts: _, ...older } = JSON.parse(encodeFolded([foldBatch(batch)]).toString()).batches[0];
  const [decoded] = decodeFolded(Buffer.from(JSON.stringify({ v: 2, batches: [older] })));
  assert.deepEqual(decoded?.flagContexts, []);
  assert.equal(decoded?.contexts.length, 1);
});

test('a message this version cannot read is a MessageFormatError, never a crash', () => {
  const good = JSON.parse(encodeFolded([foldBatch(batch)]).toString()) as {
    batches: Record<string, unknown>[];
  };
  const post = good.batches[0] ?? {};
  const bad = [
    'not json',
    '[]',
    '{"v":3,"batches":[]}',
    JSON.stringify({ v: 2, batches: [{ ...post, payloadId: 7 }] }),
    JSON.stringify({ v: 2, batches: [{ ...post, source: 'fax' }] }),
    JSON.stringify({ v: 2, batches: [{ ...post, evaluations: ['flag', 'one', 0, 1] }] }),
    JSON.stringify({ v: 2, batches: [{ ...post, customEvents: ['bought', 0, 1, null] }] }),
    JSON.stringify({ v: 2, batches: [{ ...post, contexts: ['user', 'u-1'] }] }),
    JSON.stringify({ v: 2, batches: [{ ...post, contexts: 'none' }] }),
    JSON.stringify({ v: 2, batches: [{ ...post, flagContexts: ['flag', 'user', 'u-1'] }] }),
    JSON.stringify({ v: 2, batches: [null] }),
  ];
  for (const text of bad) assert.throws(() => decodeFolded(Buffer.from(text)), MessageFormatError, text);
});
