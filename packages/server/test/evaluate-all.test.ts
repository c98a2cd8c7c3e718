import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from './support/test-server.js';

let s: TestServer;
const path = '/api/v1/projects/shop/environments/production/evaluate';

before(async () => {
  s = await startTestServer('sqlite');
  await s.api('POST', '/api/v1/projects', { key: 'shop', name: 'Shop' });
  await s.api('POST', '/api/v1/projects/shop/flags', { key: 'checkout', name: 'Checkout' });
  await s.api('POST', '/api/v1/projects/shop/flags', {
    key: 'banner',
    name: 'Banner',
    variations: ['red', 'blue'],
  });
  await s.api('PUT', '/api/v1/projects/shop/flags/banner/environments/production', {
    on: true,
    offVariation: 0,
    fallthrough: { variation: 0 },
    targets: [{ variation: 1, values: ['alice'] }],
    rules: [
      {
        clauses: [{ contextKind: 'user', attribute: 'email', op: 'endsWith', values: ['@shop.com'] }],
        variation: 1,
      },
    ],
  });
});
after(() => s.close());

test('evaluating every flag for a context answers each value, variation index and reason', async () => {
  const r = await s.api('POST', path, { context: { kind: 'user', key: 'alice' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const byKey = Object.fromEntries(r.body.items.map((i: { key: string }) => [i.key, i]));
  assert.deepEqual(byKey.banner, {
    key: 'banner',
    value: 'blue',
    variationIndex: 1,
    reason: { kind: 'TARGET_MATCH' },
  });
  assert.deepEqual(byKey.checkout, {
    key: 'checkout',
    value: false,
    variationIndex: 1,
    reason: { kind: 'OFF' },
  });

  const ruled = await s.api('POST', path, { context: { kind: 'user', key: 'bob', email: 'bob@shop.com' } });
  const banner = ruled.body.items.find((i: { key: string }) => i.key === 'banner');
  assert.equal(banner.value, 'blue');
  assert.equal(banner.reason.kind, 'RULE_MATCH');
  assert.equal(banner.reason.ruleIndex, 0);

  const other = await s.api('POST', path, { context: { kind: 'user', key: 'carol' } });
  assert.deepEqual(other.body.items.find((i: { key: string }) => i.key === 'banner').reason, {
    kind: 'FALLTHROUGH',
  });
});

test('a reader token may evaluate; a bad or oversized context is a 400 naming the problem', async () => {
  const reader = await s.api('POST', '/api/v1/tokens', { name: 'support', role: 'reader' });
  const ok = await s.api('POST', path, { context: { kind: 'user', key: 'alice' } }, reader.body.token);
  assert.equal(ok.status, 200);

  const invalid = await s.api('POST', path, { context: { kind: 'user' } });
  assert.equal(invalid.status, 400);
  assert.equal(invalid.body.code, 'INVALID_CONTEXT');

  const deep: Record<string, unknown> = { kind: 'user', key: 'deep' };
  let at = deep;
  for (let i = 0; i < 40; i++) {
    const next = {};
    at.nested = next;
    at = next;
  }
  const tooDeep = await s.api('POST', path, { context: deep });
  assert.equal(tooDeep.status, 400);
  assert.equal(tooDeep.body.code, 'CONTEXT_TOO_DEEP');

  const missing = await s.api('POST', '/api/v1/projects/shop/environments/nope/evaluate', {
    context: { kind: 'user', key: 'a' },
  });
  assert.equal(missing.status, 404);
});
