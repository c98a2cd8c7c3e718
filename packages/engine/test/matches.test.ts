import assert from 'node:assert/strict';
import { hash } from 'node:crypto';
import { test } from 'node:test';
import { parseContext } from '../src/context.js';
import { createEvaluator } from '../src/evaluator.js';
import type { FlagJson } from '../src/model.js';
import { prepare } from './support/prepare.js';

const evaluator = createEvaluator({ sha1Hex: (input) => hash('sha1', input, 'hex') });

function matchesFlag(patterns: string[], negate = false): FlagJson {
  return {
    on: true,
    variations: [false, true],
    fallthrough: { variation: 0 },
    rules: [
      {
        variation: 1,
        clauses: [{ contextKind: 'user', attribute: 'name', op: 'matches', values: patterns, negate }],
      },
    ],
  };
}

function served(flag: FlagJson, name: string): unknown {
  const snapshot = prepare({ flags: { f: flag } });
  return evaluator.evaluate(snapshot, 'f', parseContext({ kind: 'user', key: 'k', name })).value;
}

test('matches is a search anywhere in the value, as in Go, unless the pattern anchors it', () => {
  assert.equal(served(matchesFlag(['b+']), 'abbbc'), true);
  assert.equal(served(matchesFlag(['^b']), 'abc'), false);
  assert.equal(served(matchesFlag(['c$']), 'abc'), true);
});

test('a pattern RE2 cannot compile never matches, and the clause counts its other patterns', () => {
  assert.equal(served(matchesFlag(['(a)\\1']), 'aa'), false);
  assert.equal(served(matchesFlag(['a(?=b)']), 'ab'), false);
  assert.equal(served(matchesFlag(['(a)\\1', 'x']), 'x'), true);
  // Negated, a clause whose only pattern does not compile always matches, like any invalid pattern.
  assert.equal(served(matchesFlag(['(?<=a)b'], true), 'ab'), true);
});

test('backtracking-prone patterns over hostile values evaluate at once', () => {
  const shapes = ['^(\\w+\\s?)+$', '^(a+)+$', '^(a|a)*$', '^(a|aa)+$', '(.*a){12}$', '^([a-zA-Z0-9]+)*@$'];
  const started = performance.now();
  for (const shape of shapes) {
    assert.equal(served(matchesFlag([shape]), `${'a'.repeat(5000)}!`), false, shape);
  }
  // Backtracking on 5,000 characters would not end in any lifetime; linear matching takes milliseconds.
  // The bound only tells the two apart, so it is generous for a machine that is doing other work.
  assert.ok(performance.now() - started < 30_000, 'six hostile patterns took more than 30 s');
});
