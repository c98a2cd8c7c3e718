import assert from 'node:assert/strict';
import { test } from 'node:test';
import { init, TestData } from '../src/index.js';

const bob = { kind: 'user', key: 'bob' };
const carol = { kind: 'user', key: 'carol' };

test('TestData drives a client offline: targets, rules, fallthrough and off', () => {
  const td = new TestData();
  td.update(td.flag('x').booleanFlag().variationForKey('user', 'bob', true).fallthroughVariation(false));
  const c = init('', { dataSource: td });
  assert.equal(c.initialized(), true);
  assert.deepEqual(c.boolVariationDetail('x', bob, false), {
    value: true,
    variationIndex: 0,
    reason: { kind: 'TARGET_MATCH' },
  });
  assert.equal(c.boolVariation('x', carol, true), false);
  td.update(td.flag('x').ifMatch('user', 'country', 'de').thenReturn(true));
  assert.equal(c.boolVariation('x', { ...carol, country: 'de' }, false), true);
  assert.equal(c.boolVariation('x', bob, false), true);
  td.update(td.flag('x').on(false));
  assert.deepEqual(c.boolVariationDetail('x', bob, true).reason, { kind: 'OFF' });
  c.close();
});

test('TestData string flags and variationForAll serve by index', () => {
  const td = new TestData();
  td.update(td.flag('color').variations('red', 'green', 'blue').variationForAll(2));
  const c = init('', { dataSource: td });
  assert.equal(c.stringVariation('color', carol, 'none'), 'blue');
  assert.equal(c.jsonVariation('color', carol, null), 'blue');
  assert.equal(c.boolVariationDetail('color', carol, false).reason.kind, 'ERROR');
  c.close();
});

test('update listeners fire for a changed flag and for the flags that have it as a prerequisite, not others', () => {
  const td = new TestData();
  td.update(td.flag('base').variationForAll(true));
  td.update(td.flag('other').variationForAll(true));
  td.usePreconfiguredFlag({
    key: 'dependent',
    on: true,
    variations: [true, false],
    offVariation: 1,
    fallthrough: { variation: 0 },
    prerequisites: [{ key: 'base', variation: 0 }],
    salt: 'd',
  });
  const c = init('', { dataSource: td });
  const all: string[] = [];
  const dependent: string[] = [];
  c.on('update', ({ key }) => all.push(key));
  c.on('update:dependent', ({ key }) => dependent.push(key));
  assert.equal(c.boolVariation('dependent', bob, false), true);
  td.update(td.flag('base').variationForAll(false));
  assert.deepEqual(all.sort(), ['base', 'dependent']);
  assert.deepEqual(dependent, ['dependent']);
  assert.deepEqual(c.boolVariationDetail('dependent', bob, true).reason, {
    kind: 'PREREQUISITE_FAILED',
    prerequisiteKey: 'base',
  });
  c.close();
});

test('a listener that throws is logged and does not stop the change or the other listeners', () => {
  const td = new TestData();
  const warnings: string[] = [];
  const noop = () => {};
  const c = init('', {
    dataSource: td,
    logger: { error: noop, info: noop, debug: noop, warn: (_o, message) => warnings.push(message ?? '') },
  });
  const seen: string[] = [];
  c.on('update', () => {
    throw new Error('listener bug');
  });
  c.on('update:x', ({ key }) => seen.push(key));
  td.update(td.flag('x').variationForAll(true));
  assert.deepEqual(seen, ['x']);
  assert.equal(c.boolVariation('x', bob, false), true);
  assert.ok(warnings.some((w) => w.includes('listener')));
  c.close();
});

test('allFlagsState gives the bootstrap JSON, client-side flags only when asked', () => {
  const td = new TestData();
  td.update(td.flag('server-only').variationForAll(true));
  td.usePreconfiguredFlag({
    key: 'browser',
    on: true,
    variations: ['a', 'b'],
    fallthrough: { variation: 1 },
    clientSideAvailability: { usingEnvironmentId: true, usingMobileKey: false },
    salt: 'b',
  });
  const c = init('', { dataSource: td });
  const state = c.allFlagsState(bob, { withReasons: true });
  assert.equal(state.valid, true);
  assert.deepEqual(state.allValues(), { 'server-only': true, browser: 'b' });
  const json = c.allFlagsState(bob, { clientSideOnly: true, withReasons: true }).toJSON();
  assert.deepEqual(json, {
    browser: 'b',
    $flagsState: { browser: { version: 1, variation: 1, reason: { kind: 'FALLTHROUGH' } } },
    $valid: true,
  });
  assert.equal(c.allFlagsState({ kind: 'user' }).valid, false);
  c.close();
});

test('a client without data serves CLIENT_NOT_READY and an invalid allFlagsState', () => {
  const c = init('', { offline: true });
  assert.deepEqual(c.stringVariationDetail('x', bob, 'd'), {
    value: 'd',
    variationIndex: null,
    reason: { kind: 'ERROR', errorKind: 'CLIENT_NOT_READY' },
  });
  assert.equal(c.allFlagsState(bob).valid, false);
  c.close();
});

test('a bad option is warned about and replaced by its default, never thrown', () => {
  const warned: string[] = [];
  const noop = () => {};
  const c = init('', {
    offline: true,
    baseUri: 'not a url',
    pollIntervalMs: -5,
    logger: { error: noop, info: noop, debug: noop, warn: (_o, message) => warned.push(message ?? '') },
  });
  assert.equal(warned.length, 2);
  c.close();
});

test('a context typed by an interface of the application is accepted, as the LaunchDarkly SDK accepts it', () => {
  // Type-checked with the tests (tsconfig.check.json): an interface has no index signature.
  interface Customer {
    readonly kind: 'customer';
    readonly key: string;
    readonly plan: 'free' | 'pro';
  }
  const td = new TestData();
  td.update(
    td.flag('pro-feature').ifMatch('customer', 'plan', 'pro').thenReturn(true).fallthroughVariation(false),
  );
  const c = init('', { dataSource: td });
  const pro: Customer = { kind: 'customer', key: 'c1', plan: 'pro' };
  assert.equal(c.boolVariation('pro-feature', pro, false), true);
  assert.equal(c.killSwitch('pro-feature', pro, { failClosed: true }), false, 'serving true: not cut off');
  c.track('seen', pro);
  c.close();
});
