import assert from 'node:assert/strict';
import { hash } from 'node:crypto';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseContext } from '../src/context.js';
import { createEvaluator } from '../src/evaluator.js';
import type { JsonValue } from '../src/model.js';
import type { Snapshot } from '../src/snapshot.js';
import { type ValueType as EngineType, variationDetail } from '../src/variation-detail.js';
import {
  conformanceDir,
  type HarnessEvaluation,
  loadHarnessEvaluations,
  type ValueType,
} from './support/harness-cases.js';
import { prepare } from './support/prepare.js';

const EXPECTED_EVALUATIONS = 728;
const repoRoot = join(import.meta.dirname, '..', '..', '..');
const dir = conformanceDir(repoRoot);
const evaluator = createEvaluator({ sha1Hex: (input) => hash('sha1', input, 'hex') });
const TYPES: Record<ValueType, EngineType> = {
  bool: 'bool',
  int: 'number',
  double: 'number',
  string: 'string',
  any: 'any',
};

describe('LaunchDarkly server-side evaluation conformance', () => {
  if (dir === undefined) {
    if (process.env.CI) {
      test('the conformance data is present', () => {
        assert.fail(
          '../shared/conformance/ld-server-side-eval is missing: the conformance suite cannot run under CI',
        );
      });
    } else {
      test('the conformance data is present', {
        skip: 'conformance data not found beside the repository',
      }, () => {});
    }
    return;
  }
  const cases = loadHarnessEvaluations(dir);
  const snapshots = new Map<unknown, Snapshot>();

  test(`the harness files expand to ${EXPECTED_EVALUATIONS} evaluations`, () => {
    assert.equal(cases.length, EXPECTED_EVALUATIONS);
  });

  const byFile = new Map<string, HarnessEvaluation[]>();
  for (const c of cases) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);
  for (const [file, fileCases] of byFile) {
    test(`${file}: all ${fileCases.length} evaluations match`, () => {
      const failures: string[] = [];
      for (const c of fileCases) {
        let snapshot = snapshots.get(c.sdkData);
        if (snapshot === undefined) {
          snapshot = prepare(c.sdkData);
          snapshots.set(c.sdkData, snapshot);
        }
        const evaluation = evaluator.evaluate(snapshot, c.flagKey, parseContext(c.context));
        const detail = variationDetail(evaluation, c.defaultValue as JsonValue, TYPES[c.valueType]);
        const actual = {
          value: detail.value,
          variationIndex: detail.variationIndex,
          reason: { ...detail.reason },
        };
        try {
          assert.deepEqual(actual, c.expect);
        } catch {
          failures.push(
            `${c.suite} / ${c.name}: context ${JSON.stringify(c.context)}\n  expected ${JSON.stringify(c.expect)}\n  actual   ${JSON.stringify(actual)}`,
          );
        }
      }
      assert.deepEqual(
        failures,
        [],
        `${failures.length} of ${fileCases.length} evaluations differ:\n${failures.join('\n')}`,
      );
    });
  }
});
