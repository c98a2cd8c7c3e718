import assert from 'node:assert/strict';
import { hash } from 'node:crypto';
import { test } from 'node:test';
import { bucket } from '../src/bucketing.js';

const sha1Hex = (input: string) => hash('sha1', input, 'hex');

// LaunchDarkly's published bucketing vectors (go-server-sdk-evaluation test data).
const vectors: [prefix: string, value: string, expected: number][] = [
  ['hashKey.saltyA', 'userKeyA', 0.42157587],
  ['hashKey.saltyA', 'userKeyB', 0.6708485],
  ['hashKey.saltyA', 'userKeyC', 0.10343106],
  ['61', 'userKeyA', 0.09801207],
  ['61', 'userKeyB', 0.14483777],
  ['61', 'userKeyC', 0.92426409],
  ['hashKey.saltyA', '33333', 0.54771423],
];

test('bucket values match LaunchDarkly published test vectors', () => {
  for (const [prefix, value, expected] of vectors) {
    const actual = bucket(sha1Hex, prefix, value);
    assert.ok(Math.abs(actual - expected) < 1e-7, `${prefix}.${value}: ${actual} is not ${expected}`);
  }
});

test('a bucket is always in [0, 1)', () => {
  for (let i = 0; i < 2000; i++) {
    const b = bucket(sha1Hex, 'flag.salt', `key-${i}`);
    assert.ok(b >= 0 && b < 1, `bucket ${b} out of range`);
  }
});
