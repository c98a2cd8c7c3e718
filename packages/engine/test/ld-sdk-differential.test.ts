import assert from 'node:assert/strict';
import { hash } from 'node:crypto';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { parseContext } from '../src/context.js';
import { createEvaluator } from '../src/evaluator.js';
import { variationDetail } from '../src/variation-detail.js';
import { contextKinds, dataSet, weightedSegmentKinds } from './support/ld-generators.js';
import { type Oracle, startOracle } from './support/ld-sdk-oracle.js';
import { prepare } from './support/prepare.js';

const SEED = Number(process.env.FC_SEED ?? 20261124);
const RUNS = Number(process.env.FC_RUNS ?? 1000);
const evaluator = createEvaluator({ sha1Hex: (input) => hash('sha1', input, 'hex') });
let oracle: Oracle;
let counter = 0;

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

before(async () => {
  oracle = await startOracle();
});
after(() => oracle.close());

test(`the engine agrees with the official LaunchDarkly Node SDK on generated data (seed ${SEED})`, async (t) => {
  let evaluations = 0;
  const reasons = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(
      fc
        .constant(null)
        .map(() => `set${counter++}`)
        .chain(dataSet),
      async (set) => {
        await oracle.load(set.flags, set.segments);
        const snapshot = prepare({ flags: set.flags, segments: set.segments });
        const weighted = weightedSegmentKinds(set);
        for (const context of set.contexts) {
          if ([...weighted].some((kind) => !contextKinds(context).includes(kind))) continue;
          for (const key of Object.keys(set.flags)) {
            const ours = variationDetail(evaluator.evaluate(snapshot, key, parseContext(context)), 'DEFAULT');
            const theirs = await oracle.detail(key, context, 'DEFAULT');
            // Compared as JSON, the form SDKs and events carry (the SDK leaves `ruleId: undefined` in place).
            assert.deepEqual(
              asJson({ value: ours.value, variationIndex: ours.variationIndex, reason: ours.reason }),
              asJson(theirs),
              `flag ${key}, context ${JSON.stringify(context)}`,
            );
            evaluations++;
            const kind = (theirs.reason as { kind: string }).kind;
            reasons.set(kind, (reasons.get(kind) ?? 0) + 1);
          }
        }
      },
    ),
    { seed: SEED, numRuns: RUNS },
  );
  // The generators must reach every kind of result, or agreement proves little.
  for (const kind of ['OFF', 'FALLTHROUGH', 'TARGET_MATCH', 'RULE_MATCH', 'PREREQUISITE_FAILED', 'ERROR']) {
    assert.ok(
      (reasons.get(kind) ?? 0) > 0,
      `no ${kind} result was generated: ${JSON.stringify([...reasons])}`,
    );
  }
  assert.ok(evaluations >= 3000, `only ${evaluations} evaluations were compared`);
  t.diagnostic(`${evaluations} evaluations compared: ${JSON.stringify(Object.fromEntries(reasons))}`);
});
