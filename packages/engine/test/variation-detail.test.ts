import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Evaluation } from '../src/evaluation.js';
import { variationDetail } from '../src/variation-detail.js';

const served: Evaluation = { value: 'blue', variationIndex: 1, reason: { kind: 'FALLTHROUGH' } };
const offWithoutVariation: Evaluation = { value: null, variationIndex: null, reason: { kind: 'OFF' } };

test('a served value of the requested type is returned as it is', () => {
  assert.deepEqual(variationDetail(served, 'red', 'string'), served);
});

test('no variation served gives the default and keeps the reason', () => {
  assert.deepEqual(variationDetail(offWithoutVariation, true, 'bool'), {
    value: true,
    variationIndex: null,
    reason: { kind: 'OFF' },
  });
});

test('a value of the wrong type gives the default with WRONG_TYPE', () => {
  assert.deepEqual(variationDetail(served, false, 'bool'), {
    value: false,
    variationIndex: null,
    reason: { kind: 'ERROR', errorKind: 'WRONG_TYPE' },
  });
});

test('a JSON variation accepts any type', () => {
  assert.equal(variationDetail(served, 0, 'any').value, 'blue');
});
