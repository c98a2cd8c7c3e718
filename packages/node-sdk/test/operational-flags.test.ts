import assert from 'node:assert/strict';
import { test } from 'node:test';
import { init, TestData } from '../src/index.js';
import { OperationalFlags } from '../src/operational-flags.js';

const account = { kind: 'account', key: 'acme' };
const other = { kind: 'account', key: 'other' };

test('killSwitch says whether a feature is cut off, limit gives the number; both from the flag', () => {
  const td = new TestData();
  td.update(
    td.flag('ingest').booleanFlag().variationForKey('account', 'acme', false).fallthroughVariation(true),
  );
  td.update(
    td.flag('per-second').variations(100, 1000).variationForKey('account', 'acme', 1).fallthroughVariation(0),
  );
  const c = init('', { dataSource: td });
  assert.equal(c.killSwitch('ingest', account, { failOpen: true }), true);
  assert.equal(c.killSwitch('ingest', other, { failClosed: true }), false);
  assert.equal(c.limit('per-second', account, 5), 1000);
  assert.equal(c.limit('per-second', other, 5), 100);
  void c.close();
});

test('without data, an unknown flag or the wrong type, the stated safe value is served', () => {
  const offline = init('', { offline: true });
  assert.equal(offline.killSwitch('ingest', account, { failOpen: true }), false);
  assert.equal(offline.killSwitch('ingest', account, { failClosed: true }), true);
  assert.equal(offline.limit('per-second', account, 7), 7);
  const td = new TestData();
  td.update(td.flag('label').variations('a', 'b').variationForAll(0));
  const c = init('', { dataSource: td });
  assert.equal(c.killSwitch('label', account, { failClosed: true }), true);
  assert.equal(c.killSwitch('missing', account, { failOpen: true }), false);
  assert.equal(c.limit('label', account, 3), 3);
  void offline.close();
  void c.close();
});

test('an answer is cached per context until it expires, and a data change clears the cache', () => {
  let now = 0;
  const calls: string[] = [];
  let served = 10;
  const flags = new OperationalFlags({
    cacheMs: 1000,
    cacheSize: 2,
    now: () => now,
    evaluate: (_key, context) => {
      calls.push(String((context as { key?: unknown }).key));
      return { value: served, variationIndex: 0, reason: { kind: 'FALLTHROUGH' } };
    },
  });
  assert.equal(flags.limit('l', account, 1), 10);
  served = 20;
  assert.equal(flags.limit('l', account, 1), 10, 'cached');
  assert.equal(flags.limit('l', other, 1), 20, 'another context is evaluated itself');
  now = 1500;
  assert.equal(flags.limit('l', account, 1), 20, 'expired, evaluated again');
  assert.deepEqual(calls, ['acme', 'other', 'acme']);
  flags.limit('l', { kind: 'account', key: 'third' }, 1);
  flags.limit('l', other, 1);
  const before = calls.length;
  flags.limit('l', account, 1);
  assert.equal(calls.length, before + 1, 'acme (fresh, but the oldest) went when the cache was full');
  served = 30;
  flags.clear();
  assert.equal(flags.limit('l', { kind: 'account', key: 'third' }, 1), 30);
});

test('a client clears its cached answers when the flag changes', () => {
  const td = new TestData();
  td.update(td.flag('ingest').booleanFlag().variationForAll(true));
  const c = init('', { dataSource: td, operationalCacheMs: 60_000 });
  assert.equal(c.killSwitch('ingest', account, { failClosed: true }), false);
  td.update(td.flag('ingest').variationForAll(false));
  assert.equal(c.killSwitch('ingest', account, { failClosed: true }), true);
  void c.close();
});
