import assert from 'node:assert/strict';
import { hash } from 'node:crypto';
import { test } from 'node:test';
import { parseContext } from '../src/context.js';
import { createEvaluator } from '../src/evaluator.js';
import type { FlagJson, SegmentJson } from '../src/model.js';
import { prepare } from './support/prepare.js';

const sha1Hex = (input: string) => hash('sha1', input, 'hex');
const evaluator = createEvaluator({ sha1Hex });
const user = parseContext({ kind: 'user', key: 'u1' });

function flag(overrides: FlagJson): FlagJson {
  return {
    on: true,
    variations: ['a', 'b', 'c'],
    offVariation: 0,
    fallthrough: { variation: 1 },
    ...overrides,
  };
}

test('an evaluation lists the direct prerequisites it evaluated, in order', () => {
  const snapshot = prepare({
    flags: {
      top: flag({
        prerequisites: [
          { key: 'p1', variation: 1 },
          { key: 'p2', variation: 1 },
        ],
      }),
      p1: flag({ prerequisites: [{ key: 'p3', variation: 1 }] }),
      p2: flag({}),
      p3: flag({}),
    },
  });
  const result = evaluator.evaluate(snapshot, 'top', user);
  assert.equal(result.reason.kind, 'FALLTHROUGH');
  assert.deepEqual(result.prerequisites, ['p1', 'p2']);
});

test('a prerequisite cycle is a malformed flag, not a stack overflow', () => {
  const snapshot = prepare({
    flags: {
      a: flag({ prerequisites: [{ key: 'b', variation: 1 }] }),
      b: flag({ prerequisites: [{ key: 'a', variation: 1 }] }),
    },
  });
  assert.deepEqual(evaluator.evaluate(snapshot, 'a', user).reason, {
    kind: 'ERROR',
    errorKind: 'MALFORMED_FLAG',
  });
});

test('a segment cycle is a malformed flag', () => {
  const segmentRule = (other: string): SegmentJson => ({
    rules: [{ clauses: [{ attribute: '', op: 'segmentMatch', values: [other] }] }],
  });
  const snapshot = prepare({
    flags: {
      f: flag({ rules: [{ id: 'r', variation: 2, clauses: [{ op: 'segmentMatch', values: ['s1'] }] }] }),
    },
    segments: { s1: segmentRule('s2'), s2: segmentRule('s1') },
  });
  assert.deepEqual(evaluator.evaluate(snapshot, 'f', user).reason, {
    kind: 'ERROR',
    errorKind: 'MALFORMED_FLAG',
  });
});

test('a Big Segment without a store reports NOT_CONFIGURED and falls back to its rules', () => {
  const snapshot = prepare({
    flags: {
      f: flag({ rules: [{ id: 'r', variation: 2, clauses: [{ op: 'segmentMatch', values: ['big'] }] }] }),
    },
    segments: {
      big: {
        unbounded: true,
        generation: 2,
        rules: [{ clauses: [{ attribute: 'key', op: 'in', values: ['u1'] }] }],
      },
    },
  });
  const result = evaluator.evaluate(snapshot, 'f', user);
  assert.equal(result.value, 'c');
  assert.deepEqual(result.reason, {
    kind: 'RULE_MATCH',
    ruleIndex: 0,
    ruleId: 'r',
    bigSegmentsStatus: 'NOT_CONFIGURED',
  });
});

test('Big Segment membership from the store decides before the rules', () => {
  const withStore = createEvaluator({
    sha1Hex,
    bigSegments: (key) => ({ membership: { 'big.g2': key !== 'u1' }, status: 'HEALTHY' }),
  });
  const snapshot = prepare({
    flags: {
      f: flag({ rules: [{ id: 'r', variation: 2, clauses: [{ op: 'segmentMatch', values: ['big'] }] }] }),
    },
    segments: { big: { unbounded: true, generation: 2, rules: [{ clauses: [] }] } },
  });
  assert.deepEqual(withStore.evaluate(snapshot, 'f', user).reason, {
    kind: 'FALLTHROUGH',
    bigSegmentsStatus: 'HEALTHY',
  });
  const other = withStore.evaluate(snapshot, 'f', parseContext({ kind: 'user', key: 'u2' }));
  assert.equal(other.reason.kind, 'RULE_MATCH');
});

test('served JSON values are frozen, so a caller cannot change the flag for others', () => {
  const snapshot = prepare({
    flags: { f: flag({ variations: [{ limits: { rps: 10 } }], fallthrough: { variation: 0 } }) },
  });
  const value = evaluator.evaluate(snapshot, 'f', user).value as { limits: { rps: number } };
  assert.throws(() => {
    value.limits.rps = 1_000_000;
  }, TypeError);
  assert.deepEqual(evaluator.evaluate(snapshot, 'f', user).value, { limits: { rps: 10 } });
});

test('deleted flags (tombstones) are not found', () => {
  const snapshot = prepare({ flags: { f: { ...flag({}), deleted: true } } });
  assert.deepEqual(evaluator.evaluate(snapshot, 'f', user).reason, {
    kind: 'ERROR',
    errorKind: 'FLAG_NOT_FOUND',
  });
});

test('an invalid context is reported before the flag is looked up', () => {
  const snapshot = prepare({ flags: {} });
  const result = evaluator.evaluate(snapshot, 'missing', parseContext({ kind: 'user' }));
  assert.deepEqual(result.reason, { kind: 'ERROR', errorKind: 'USER_NOT_SPECIFIED' });
});

test('a prerequisite chain deeper than the limit is malformed, not a stack overflow', () => {
  const flags: Record<string, FlagJson> = {};
  for (let i = 0; i < 5000; i++)
    flags[`f${i}`] = flag({ prerequisites: i < 4999 ? [{ key: `f${i + 1}`, variation: 1 }] : [] });
  const result = evaluator.evaluate(prepare({ flags }), 'f0', user);
  assert.deepEqual(result.reason, { kind: 'ERROR', errorKind: 'MALFORMED_FLAG' });
  const shallow = evaluator.evaluate(prepare({ flags }), 'f4990', user);
  assert.equal(shallow.reason.kind, 'FALLTHROUGH', 'a chain within the limit evaluates normally');
});
