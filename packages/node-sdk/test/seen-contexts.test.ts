import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseContext } from '@switchyard/engine';
import { SeenContexts } from '../src/seen-contexts.js';

const user = (key: string) => parseContext({ kind: 'user', key });

test('a context is remembered by kind and key, and the least recently seen is forgotten first', () => {
  const seen = new SeenContexts(2);
  for (const key of ['a', 'b']) seen.add(user(key));
  assert.equal(seen.has(user('a')), true, 'a is remembered (and now the most recent)');
  seen.add(user('c'));
  assert.equal(seen.has(user('b')), false, 'b was the least recent and is forgotten');
  assert.equal(seen.has(user('a')), true);
  assert.equal(seen.has(user('c')), true);
  assert.equal(
    seen.has(parseContext({ kind: 'org', key: 'a' })),
    false,
    'the same key of another kind is new',
  );
});

test('a multi-kind context is one entry whatever the order of its kinds, and a legacy user is a user', () => {
  const seen = new SeenContexts(10);
  seen.add(parseContext({ kind: 'multi', user: { key: 'u:1' }, org: { key: 'o' } }));
  assert.equal(seen.has(parseContext({ kind: 'multi', org: { key: 'o' }, user: { key: 'u:1' } })), true);
  assert.equal(seen.has(parseContext({ kind: 'multi', org: { key: 'o:user' }, user: { key: '1' } })), false);
  seen.add(parseContext({ key: 'legacy' }));
  assert.equal(seen.has(user('legacy')), true);
});

test('the LRU stays within its capacity over many contexts', () => {
  const seen = new SeenContexts(100);
  for (let i = 0; i < 1000; i++) seen.add(user(`k${i}`));
  let kept = 0;
  for (let i = 0; i < 1000; i++) if (seen.has(user(`k${i}`))) kept++;
  assert.equal(kept, 100);
});
