import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTEXT_LIMITS, exceededContextLimit } from '../src/context-limits.js';

const user = (extra: unknown) => ({ kind: 'user', key: 'k', extra });

test('a realistic context breaks no limit', () => {
  assert.equal(
    exceededContextLimit(user({ plan: 'pro', tags: ['a', 'b'], score: 3, beta: true })),
    undefined,
  );
});

test('each limit is named when broken, and the one just inside it passes', () => {
  let deep: unknown = 1;
  for (let i = 0; i < CONTEXT_LIMITS.depth - 1; i++) deep = [deep];
  // The context object is the first level, so an attribute may nest depth - 1 more.
  assert.equal(exceededContextLimit(user(deep)), undefined);
  assert.equal(exceededContextLimit(user([deep])), 'depth');
  assert.equal(exceededContextLimit(user(Array(CONTEXT_LIMITS.attributes).fill(0))), 'attributes');
  assert.equal(exceededContextLimit(user('x'.repeat(CONTEXT_LIMITS.stringLength + 1))), 'stringLength');
  assert.equal(
    exceededContextLimit({ key: 'k', ['x'.repeat(CONTEXT_LIMITS.stringLength + 1)]: 1 }),
    'stringLength',
  );
  assert.equal(exceededContextLimit(user(Array(20).fill('x'.repeat(4000)))), 'bytes');
});

test('a million-level nesting or a million-wide object is judged without recursion', () => {
  let deep: unknown = 1;
  for (let i = 0; i < 1_000_000; i++) deep = { a: deep };
  const wide = Object.fromEntries(Array.from({ length: 1_000_000 }, (_, i) => [`k${i}`, i]));
  // Recursion would overflow the stack here (a RangeError). The walk stops at the first limit passed;
  // how long that takes is not timed here, since the machine running the suite may be busy.
  assert.equal(exceededContextLimit(user(deep)), 'depth');
  assert.equal(exceededContextLimit(user(wide)), 'attributes');
});
