import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OPERATORS } from '@switchyard/engine';
import type { ErrorDetail } from '../src/errors.js';
import { checkClauses } from '../src/validation.js';

test('clauses accept every operator the engine exports and name them all when one is unknown', () => {
  const issues: ErrorDetail[] = [];
  checkClauses(
    OPERATORS.map((op) => ({ attribute: 'key', op, values: [] })),
    '/clauses',
    issues,
  );
  assert.deepEqual(issues, []);
  checkClauses([{ attribute: 'key', op: 'looksLike', values: [] }], '/clauses', issues);
  assert.deepEqual(issues, [
    { path: '/clauses/0/op', message: `unknown operator "looksLike"; use one of ${OPERATORS.join(', ')}` },
  ]);
  assert.ok(OPERATORS.includes('segmentMatch') && OPERATORS.includes('semVerGreaterThan'));
});
