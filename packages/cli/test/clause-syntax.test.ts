import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseClause } from '../src/clause-syntax.js';

test('a clause names its kind and attribute, its operator and values read as JSON when they parse', () => {
  assert.deepEqual(parseClause('account.plan in enterprise,"42",42'), {
    contextKind: 'account',
    attribute: 'plan',
    op: 'in',
    values: ['enterprise', '42', 42],
    negate: false,
  });
  assert.deepEqual(parseClause('email not endsWith @acme.com'), {
    contextKind: 'user',
    attribute: 'email',
    op: 'endsWith',
    values: ['@acme.com'],
    negate: true,
  });
  assert.deepEqual(parseClause('user.name in ["Smith, J", "Doe"]').values, ['Smith, J', 'Doe']);
  assert.deepEqual(parseClause('not segmentMatch beta,staff'), {
    op: 'segmentMatch',
    values: ['beta', 'staff'],
    negate: true,
  });
});

test('a clause without an operator, a value or an attribute is a usage error', () => {
  for (const bad of ['user.email', 'user.email equals x', 'user.email in', 'in x', 'user. in x']) {
    assert.throws(
      () => parseClause(bad),
      (error: Error & { exitCode?: number }) => error.exitCode === 2,
      bad,
    );
  }
});
