import assert from 'node:assert/strict';
import { hash } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseContext } from '../src/context.js';
import type { Evaluation } from '../src/evaluation.js';
import { createEvaluator } from '../src/evaluator.js';
import type { FlagJson } from '../src/model.js';
import { contextKinds, dataSet } from './support/ld-generators.js';
import { prepare } from './support/prepare.js';

const evaluator = createEvaluator({ sha1Hex: (input) => hash('sha1', input, 'hex') });
const SEED = Number(process.env.FC_SEED ?? 20261124);

function rolloutFlag(weights: number[]): FlagJson {
  return {
    key: 'rollout',
    on: true,
    salt: 'property',
    variations: weights.map((_, i) => i),
    fallthrough: { rollout: { variations: weights.map((weight, variation) => ({ variation, weight })) } },
  };
}

test('bucketing is deterministic and ignores the order of attributes', () => {
  const snapshot = prepare({ flags: { rollout: rolloutFlag([33333, 33333, 33334]) } });
  fc.assert(
    fc.property(fc.string(), fc.dictionary(fc.string(), fc.string(), { maxKeys: 5 }), (key, attrs) => {
      fc.pre(key !== '' && !('kind' in attrs) && !('key' in attrs));
      const forward = { kind: 'user', key, ...attrs };
      const reversed = Object.fromEntries(Object.entries(forward).reverse());
      const a = evaluator.evaluate(snapshot, 'rollout', parseContext(forward));
      const b = evaluator.evaluate(snapshot, 'rollout', parseContext(reversed));
      assert.deepEqual(a, b);
      assert.deepEqual(evaluator.evaluate(snapshot, 'rollout', parseContext(forward)), a);
    }),
    { seed: SEED },
  );
});

test('percentage rollouts split 20,000 contexts within 1.5 points of their weights', () => {
  for (const weights of [
    [50000, 50000],
    [10000, 90000],
    [25000, 25000, 50000],
  ]) {
    const snapshot = prepare({ flags: { rollout: rolloutFlag(weights) } });
    const counts = weights.map(() => 0);
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const { variationIndex } = evaluator.evaluate(
        snapshot,
        'rollout',
        parseContext({ kind: 'user', key: `ctx-${i}` }),
      );
      counts[variationIndex as number] = (counts[variationIndex as number] ?? 0) + 1;
    }
    weights.forEach((weight, i) => {
      const share = ((counts[i] ?? 0) / n) * 100;
      assert.ok(
        Math.abs(share - weight / 1000) < 1.5,
        `variation ${i}: ${share.toFixed(2)}% for weight ${weight / 1000}%`,
      );
    });
  }
});

test('inserting a rule that cannot match changes neither value nor variation', () => {
  const never = {
    id: 'never',
    clauses: [{ contextKind: 'user', attribute: 'no-such-attribute', op: 'in', values: ['x'] }],
    variation: 0,
  };
  fc.assert(
    fc.property(dataSet('p'), fc.nat(), (set, position) => {
      for (const [key, flag] of Object.entries(set.flags)) {
        const rules = [...((flag.rules as object[] | undefined) ?? [])];
        rules.splice(position % (rules.length + 1), 0, never);
        const before = prepare({ flags: set.flags, segments: set.segments });
        const after = prepare({
          flags: { ...set.flags, [key]: { ...flag, rules } },
          segments: set.segments,
        });
        for (const context of set.contexts) {
          const parsed = parseContext(context);
          const a = evaluator.evaluate(before, key, parsed);
          const b = evaluator.evaluate(after, key, parsed);
          assert.equal(b.variationIndex, a.variationIndex);
          assert.deepEqual(b.value, a.value);
        }
      }
    }),
    { seed: SEED, numRuns: 300 },
  );
});

function wellFormed(result: Evaluation): void {
  assert.ok(result.variationIndex === null || Number.isInteger(result.variationIndex));
  assert.equal(typeof result.reason.kind, 'string');
  if (result.reason.kind === 'ERROR') assert.equal(result.variationIndex, null);
}

test('every generated flag evaluates without throwing, for every context', () => {
  fc.assert(
    fc.property(dataSet('g'), (set) => {
      const snapshot = prepare({ flags: set.flags, segments: set.segments });
      for (const context of set.contexts) {
        assert.ok(contextKinds(context).length > 0);
        for (const key of Object.keys(set.flags))
          wellFormed(evaluator.evaluate(snapshot, key, parseContext(context)));
      }
    }),
    { seed: SEED, numRuns: 300 },
  );
});

test('junk data and junk contexts never make evaluation throw', () => {
  fc.assert(
    fc.property(fc.anything(), fc.anything(), fc.anything(), fc.string(), (flags, segments, context, key) => {
      const snapshot = prepare({ flags: { [key]: flags, other: flags }, segments: { s: segments } });
      wellFormed(evaluator.evaluate(snapshot, key, parseContext(context)));
      wellFormed(evaluator.evaluate(prepare(flags), key, parseContext(context)));
    }),
    { seed: SEED, numRuns: 2000 },
  );
});

test('junk inside an otherwise valid flag is a MALFORMED_FLAG error or a normal result, never a throw', () => {
  fc.assert(
    fc.property(fc.anything(), fc.anything(), fc.anything(), (rules, fallthrough, targets) => {
      const flag = {
        key: 'f',
        on: true,
        variations: [true, false],
        rules,
        fallthrough,
        targets,
        contextTargets: targets,
        prerequisites: rules,
      };
      const result = evaluator.evaluate(
        prepare({ flags: { f: flag } }),
        'f',
        parseContext({ kind: 'user', key: 'k' }),
      );
      wellFormed(result);
    }),
    { seed: SEED, numRuns: 2000 },
  );
});
