/**
 * LaunchDarkly's 728 server-side evaluation cases (the engine's conformance suite), through the
 * SDK's public surface: each case's data goes into a TestData, a client reads it, and the typed
 * `…VariationDetail` call the case names gives the answer.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { JsonValue } from '@switchyard/engine';
import {
  conformanceDir,
  type HarnessEvaluation,
  loadHarnessEvaluations,
} from '../../engine/test/support/harness-cases.js';
import { init, type LDContext, type SwitchyardClient, TestData } from '../src/index.js';

const dir = conformanceDir(join(import.meta.dirname, '..', '..', '..'));
const clients = new Map<unknown, SwitchyardClient>();

after(() => {
  for (const c of clients.values()) c.close();
});

function clientFor(sdkData: HarnessEvaluation['sdkData']): SwitchyardClient {
  let c = clients.get(sdkData);
  if (c === undefined) {
    const td = new TestData();
    for (const [key, flag] of Object.entries(sdkData.flags)) td.usePreconfiguredFlag({ ...flag, key });
    for (const [key, segment] of Object.entries(sdkData.segments))
      td.usePreconfiguredSegment({ ...segment, key });
    c = init('', { dataSource: td });
    clients.set(sdkData, c);
  }
  return c;
}

function evaluate(c: SwitchyardClient, e: HarnessEvaluation) {
  const context = e.context as LDContext;
  switch (e.valueType) {
    case 'bool':
      return c.boolVariationDetail(e.flagKey, context, e.defaultValue as boolean);
    case 'int':
    case 'double':
      return c.numberVariationDetail(e.flagKey, context, e.defaultValue as number);
    case 'string':
      return c.stringVariationDetail(e.flagKey, context, e.defaultValue as string);
    default:
      return c.jsonVariationDetail(e.flagKey, context, e.defaultValue as JsonValue);
  }
}

test('the 728 LaunchDarkly evaluation cases give the expected value, variation and reason through the SDK', {
  skip: dir === undefined && !process.env.CI ? 'conformance data not found beside the repository' : false,
}, () => {
  assert.ok(dir !== undefined, '../shared/conformance/ld-server-side-eval is missing');
  const cases = loadHarnessEvaluations(dir);
  assert.equal(cases.length, 728);
  const failures = cases.flatMap((e) => {
    const detail = evaluate(clientFor(e.sdkData), e);
    const actual = {
      value: detail.value,
      variationIndex: detail.variationIndex,
      reason: { ...detail.reason },
    };
    try {
      assert.deepEqual(actual, e.expect);
      return [];
    } catch {
      return [
        `${e.file} / ${e.suite} / ${e.name}: expected ${JSON.stringify(e.expect)}, got ${JSON.stringify(actual)}`,
      ];
    }
  });
  assert.deepEqual(failures, []);
});
