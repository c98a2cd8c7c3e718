import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareSemVer, parseSemVer } from '../src/semver.js';

function order(a: string, b: string): number {
  const va = parseSemVer(a);
  const vb = parseSemVer(b);
  assert.ok(va && vb, `${a} or ${b} did not parse`);
  return Math.sign(compareSemVer(va, vb));
}

test('missing minor and patch parts count as zero', () => {
  assert.equal(order('2', '2.0.0'), 0);
  assert.equal(order('2.1', '2.1.0'), 0);
  assert.equal(order('2-rc', '2.0.0-rc'), 0);
});

test('build metadata is ignored and pre-releases sort before releases', () => {
  assert.equal(order('2.0.0+build.5', '2.0.0'), 0);
  assert.equal(order('2.0.0-rc', '2.0.0'), -1);
});

test('pre-release identifiers follow SemVer 2.0 precedence', () => {
  const sorted = [
    '1.0.0-alpha',
    '1.0.0-alpha.1',
    '1.0.0-alpha.beta',
    '1.0.0-beta',
    '1.0.0-beta.2',
    '1.0.0-beta.11',
    '1.0.0-rc.1',
    '1.0.0',
  ];
  for (let i = 1; i < sorted.length; i++) {
    assert.equal(order(sorted[i - 1] as string, sorted[i] as string), -1, `${sorted[i - 1]} < ${sorted[i]}`);
  }
});

test('invalid versions do not parse', () => {
  for (const input of ['v2.0.0', '02.0.0', '2.0.0.0', '2.', '', 'x', '2.0.0-', '2.0.0-01', 2]) {
    assert.equal(parseSemVer(input), undefined, String(input));
  }
});
