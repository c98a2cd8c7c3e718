import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactContext } from '../src/redact-context.js';

const none = { privateAttributes: [], allAttributesPrivate: false };

test("a context's own private attributes and the client's are removed and listed as redacted", () => {
  const context = {
    kind: 'user',
    key: 'u1',
    email: 'a@b.c',
    name: 'Ann',
    address: { street: 'Main', city: 'Oslo' },
    _meta: { privateAttributes: ['email'] },
  };
  assert.deepEqual(redactContext(context, { ...none, privateAttributes: ['/address/street', 'missing'] }), {
    kind: 'user',
    key: 'u1',
    name: 'Ann',
    address: { city: 'Oslo' },
    _meta: { redactedAttributes: ['email', '/address/street'] },
  });
  assert.deepEqual(context.address, { street: 'Main', city: 'Oslo' });
});

test('allAttributesPrivate keeps only kind, key and anonymous, in each part of a multi-context', () => {
  const multi = {
    kind: 'multi',
    user: { key: 'u1', anonymous: true, name: 'Ann' },
    org: { key: 'o1', plan: 'pro' },
  };
  assert.deepEqual(redactContext(multi, { privateAttributes: [], allAttributesPrivate: true }), {
    kind: 'multi',
    user: { key: 'u1', anonymous: true, _meta: { redactedAttributes: ['name'] } },
    org: { key: 'o1', _meta: { redactedAttributes: ['plan'] } },
  });
});

test('kind and key are never redacted, and a context with nothing private is sent as it is', () => {
  const context = { kind: 'user', key: 'u1', name: 'Ann' };
  assert.deepEqual(redactContext(context, { ...none, privateAttributes: ['key', 'kind'] }), context);
});
