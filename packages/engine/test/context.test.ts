import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseContext } from '../src/context.js';

test('a single-kind context exposes its kind and key', () => {
  const context = parseContext({ kind: 'org', key: 'acme', name: 'Acme' });
  assert.equal(context.valid, true);
  assert.deepEqual(context.kinds, ['org']);
  assert.equal(context.keyForKind('org'), 'acme');
  assert.equal(context.keyForKind('user'), undefined);
});

test('a multi-kind context exposes each kind', () => {
  const context = parseContext({ kind: 'multi', user: { key: 'u' }, org: { key: 'o', plan: 'pro' } });
  assert.deepEqual(context.kinds, ['user', 'org']);
  assert.equal(context.forKind('org')?.plan, 'pro');
});

test('a multi-kind context with one kind behaves as that single kind', () => {
  const context = parseContext({ kind: 'multi', org: { key: 'o' } });
  assert.deepEqual(context.kinds, ['org']);
  assert.equal(context.keyForKind('org'), 'o');
});

test('a legacy user is a user context with custom attributes flattened', () => {
  const context = parseContext({
    key: 42,
    name: 'N',
    custom: { plan: 'gold', name: 'ignored' },
    anonymous: 1,
  });
  assert.equal(context.valid, true);
  assert.equal(context.keyForKind('user'), '42');
  const user = context.forKind('user');
  assert.equal(user?.plan, 'gold');
  assert.equal(user?.name, 'N');
  assert.equal(user?.anonymous, true);
});

test('a legacy user may have an empty key', () => {
  assert.equal(parseContext({ key: '' }).valid, true);
});

test('invalid contexts are reported, never thrown', () => {
  const invalid = [
    null,
    undefined,
    'user',
    [],
    {},
    { kind: 'user' },
    { kind: 'user', key: '' },
    { kind: 'user', key: 5 },
    { kind: 'kind', key: 'k' },
    { kind: 'bad kind!', key: 'k' },
    { kind: 7, key: 'k' },
    { kind: 'multi' },
    { kind: 'multi', user: 'x' },
    { kind: 'multi', user: { key: '' }, org: { key: 'o' } },
    { kind: 'multi', 'bad kind': { key: 'k' } },
  ];
  for (const raw of invalid) {
    const context = parseContext(raw);
    assert.equal(context.valid, false, JSON.stringify(raw));
    assert.ok(context.error, 'an invalid context says why');
  }
});
