import assert from 'node:assert/strict';
import { hash } from 'node:crypto';
import { test } from 'node:test';
import { parseContext } from '../src/context.js';
import { createEvaluator } from '../src/evaluator.js';
import { contextTargetsWith } from '../src/targets.js';
import { prepare } from './support/prepare.js';

const evaluator = createEvaluator({ sha1Hex: (input: string) => hash('sha1', input, 'hex') });

test('context targets built with placeholders keep user targets matching beside other kinds', () => {
  const targets = [{ variation: 2, values: ['bob'] }];
  const orgTargets = [{ contextKind: 'org', variation: 0, values: ['acme'] }];
  const contextTargets = contextTargetsWith(targets, orgTargets);
  assert.deepEqual(contextTargets, [{ contextKind: 'user', variation: 2, values: [] }, ...orgTargets]);
  const snapshot = prepare({
    flags: {
      f: {
        on: true,
        variations: ['a', 'b', 'c'],
        offVariation: 0,
        fallthrough: { variation: 1 },
        targets,
        contextTargets,
      },
    },
  });
  const bob = evaluator.evaluate(snapshot, 'f', parseContext({ kind: 'user', key: 'bob' }));
  assert.equal(bob.reason.kind, 'TARGET_MATCH');
  assert.equal(bob.value, 'c');
  const acme = evaluator.evaluate(snapshot, 'f', parseContext({ kind: 'org', key: 'acme' }));
  assert.equal(acme.value, 'a');
});

test('without other kinds there are no context targets at all', () => {
  assert.deepEqual(contextTargetsWith([{ variation: 1 }], []), []);
});
