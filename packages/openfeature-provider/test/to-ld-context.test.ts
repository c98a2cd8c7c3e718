import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toLdContext } from '../src/index.js';

test('targetingKey becomes the key of a user context, with the other attributes beside it', () => {
  assert.deepEqual(toLdContext({ targetingKey: 'u1', plan: 'pro', beta: true }), {
    context: { kind: 'user', key: 'u1', plan: 'pro', beta: true },
    keyMissing: false,
  });
});

test('targetingKey wins over key; key alone is read when there is no targetingKey', () => {
  assert.equal(toLdContext({ targetingKey: 'a', key: 'b' }).context.key, 'a');
  assert.equal(toLdContext({ kind: 'device', key: 'd1' }).context.key, 'd1');
  assert.equal(toLdContext({ kind: 'device', key: 'd1' }).context.kind, 'device');
});

test('privateAttributes becomes _meta.privateAttributes and dates become RFC 3339 strings, nested too', () => {
  const when = new Date('2026-01-02T03:04:05.000Z');
  assert.deepEqual(
    toLdContext({
      targetingKey: 'u1',
      privateAttributes: ['email'],
      email: 'e@x',
      joined: when,
      nested: { at: when },
    }).context,
    {
      kind: 'user',
      key: 'u1',
      _meta: { privateAttributes: ['email'] },
      email: 'e@x',
      joined: '2026-01-02T03:04:05.000Z',
      nested: { at: '2026-01-02T03:04:05.000Z' },
    },
  );
});

test('a multi context takes each object attribute as a context of that kind and ignores a top-level key', () => {
  const translated = toLdContext({
    kind: 'multi',
    targetingKey: 'ignored',
    user: { targetingKey: 'u1', name: 'Ann' },
    organization: { targetingKey: 'acme' },
  });
  assert.deepEqual(translated, {
    context: {
      kind: 'multi',
      user: { kind: 'user', key: 'u1', name: 'Ann' },
      organization: { kind: 'organization', key: 'acme' },
    },
    keyMissing: false,
  });
});

test('a context, or a part of a multi context, without any key is flagged as missing its key', () => {
  assert.equal(toLdContext({ plan: 'pro' }).keyMissing, true);
  assert.equal(toLdContext({ targetingKey: '' }).keyMissing, true);
  assert.equal(
    toLdContext({ kind: 'multi', user: { targetingKey: 'u1' }, org: { name: 'x' } }).keyMissing,
    true,
  );
});
