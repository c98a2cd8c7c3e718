import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Backoff } from '../src/backoff.js';

test('reconnection delays double up to the maximum, each jittered into the upper half of its ceiling', () => {
  const low = new Backoff(100, 1_000, 60_000, () => 0);
  const high = new Backoff(100, 1_000, 60_000, () => 0.999_999);
  const ceilings = [100, 200, 400, 800, 1_000, 1_000];
  for (const ceiling of ceilings) {
    assert.equal(low.nextDelay(0), ceiling / 2);
    assert.ok(Math.abs(high.nextDelay(0) - ceiling) < 0.01);
  }
});

test('a connection that stayed up long enough starts the delays over; a short one does not', () => {
  const b = new Backoff(100, 10_000, 60_000, () => 0);
  b.nextDelay(0);
  b.nextDelay(0);
  b.succeeded(1_000);
  assert.equal(b.nextDelay(2_000), 200);
  b.succeeded(10_000);
  assert.equal(b.nextDelay(70_000), 50);
});
