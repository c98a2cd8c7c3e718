import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeBatch, type EventBatch, encodeBatch } from '../src/index.js';

const batch: EventBatch = {
  payloadId: 'p-1',
  accountKey: 'acme',
  projectKey: 'shop',
  environmentKey: 'production',
  source: 'server',
  kind: 'analytics',
  receivedAt: 1_700_000_000_000,
  events: [{ kind: 'custom', key: 'clicked "buy"', creationDate: 1, context: { kind: 'user', key: 'ü-1' } }],
};

test('a batch decodes to what was encoded', () => {
  assert.deepEqual(decodeBatch(encodeBatch(batch)), batch);
});

test("a batch encoded with the post's own JSON text decodes to the same batch", () => {
  const posted = Buffer.from(`[ ${JSON.stringify(batch.events[0], null, 2)} ]`);
  assert.deepEqual(decodeBatch(encodeBatch(batch, posted)), batch);
  assert.ok(encodeBatch(batch, posted).includes(posted), 'the posted bytes are used as they are');
});
