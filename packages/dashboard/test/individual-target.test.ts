/**
 * The customer page's one-step target edit, checked with the engine SDKs evaluate with:
 * a customer of any kind is served what was chosen, and nobody else's target moves,
 * including user targets once other kinds need their placeholders in `contextTargets`.
 */
import assert from 'node:assert/strict';
import { hash } from 'node:crypto';
import { test } from 'node:test';
import { createEvaluator, type FlagJson, parseContext, prepareSnapshot } from '@switchyard/engine';
import { compileRe2Pattern } from '@switchyard/patterns';
import type { FlagConfig } from '@switchyard/server/admin-types';
import { type TargetChange, targetingWith } from '../src/customers/individual-target.js';

const evaluator = createEvaluator({ sha1Hex: (input) => hash('sha1', input, 'hex') });

const config: FlagConfig = {
  on: true,
  offVariation: 1,
  fallthrough: { variation: 1 },
  targets: [{ variation: 0, values: ['ann', 'ben'] }],
  contextTargets: [],
  rules: [],
  prerequisites: [],
  salt: 'salt',
  trackEvents: false,
  trackEventsFallthrough: false,
  debugEventsUntilDate: null,
  version: 7,
};

function apply(from: FlagConfig, change: TargetChange): FlagConfig {
  const { comment: _comment, ...body } = targetingWith(from, change, '');
  return { ...from, ...body };
}

/** What an SDK serves `kind:key` under `edited`. */
function served(edited: FlagConfig, kind: string, key: string): unknown {
  const flag = { key: 'f', variations: [true, false], ...edited } as unknown as FlagJson;
  const snapshot = prepareSnapshot(
    { flags: { f: flag }, segments: {} },
    { compilePattern: compileRe2Pattern },
  );
  return evaluator.evaluate(snapshot, 'f', parseContext({ kind, key })).value;
}

test('targeting an account keeps the user targets working, through their placeholders', () => {
  const edited = apply(config, { kind: 'account', key: 'acme', variation: 0 });
  assert.equal(served(edited, 'account', 'acme'), true);
  assert.equal(served(edited, 'user', 'ann'), true, 'a user target still serves');
  assert.equal(served(edited, 'account', 'globex'), false);
  assert.deepEqual(edited.contextTargets, [
    { contextKind: 'user', variation: 0, values: [] },
    { contextKind: 'account', variation: 0, values: ['acme'] },
  ]);
  assert.equal(targetingWith(config, { kind: 'account', key: 'acme', variation: 0 }, ' why ').comment, 'why');
});

test('a key moves between variations, and clearing it removes empty targets and placeholders', () => {
  const moved = apply(config, { kind: 'user', key: 'ann', variation: 1 });
  assert.equal(served(moved, 'user', 'ann'), false);
  assert.equal(served(moved, 'user', 'ben'), true);
  assert.deepEqual(moved.targets, [
    { variation: 0, values: ['ben'] },
    { variation: 1, values: ['ann'] },
  ]);
  const withAccount = apply(config, { kind: 'account', key: 'acme', variation: 0 });
  const cleared = apply(withAccount, { kind: 'account', key: 'acme', variation: null });
  assert.deepEqual(cleared.contextTargets, [], 'no placeholders left without other kinds');
  assert.deepEqual(cleared.targets, config.targets);
  assert.equal(served(cleared, 'account', 'acme'), false);
});
