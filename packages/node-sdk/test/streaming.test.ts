import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { init } from '../src/index.js';
import { serverFixture, toggle, waitFor, withDeadline } from './support/server.js';

const fixture = serverFixture();
const client = fixture.client;
const alice = { kind: 'user', key: 'alice' };
const bob = { kind: 'user', key: 'bob' };

test('a streaming client initializes from the server and evaluates locally', async () => {
  const c = client();
  await c.waitForInitialization({ timeout: 30 });
  assert.equal(c.boolVariation('checkout', alice, false), true);
  assert.deepEqual(c.boolVariationDetail('checkout', bob, true), {
    value: false,
    variationIndex: 1,
    reason: { kind: 'FALLTHROUGH' },
  });
});

test('a flag change made through the admin API reaches an update listener by the stream', async () => {
  const c = client();
  await c.waitForInitialization({ timeout: 30 });
  const seen: string[] = [];
  c.on('update:checkout', ({ key }) => seen.push(key));
  assert.equal((await toggle(fixture.env.server, 'checkout', false)).status, 200);
  await waitFor(() => seen.includes('checkout'), { what: 'the update:checkout event' });
  assert.equal(c.boolVariation('checkout', alice, true), false);
  assert.deepEqual(c.boolVariationDetail('checkout', alice, true).reason, { kind: 'OFF' });
  await toggle(fixture.env.server, 'checkout', true);
  await waitFor(() => c.boolVariation('checkout', alice, false), { what: 'checkout back on' });
});

test('a polling client initializes from /sdk/latest-all and sees a change on a later poll', async () => {
  const c = client({ stream: false, pollIntervalMs: 1000 });
  await c.waitForInitialization({ timeout: 30 });
  assert.equal(c.boolVariation('checkout', alice, false), true);
  const seen: string[] = [];
  c.on('update', ({ key }) => seen.push(key));
  await toggle(fixture.env.server, 'checkout', false);
  await waitFor(() => seen.includes('checkout'), { what: 'a poll bringing the change' });
  assert.equal(c.boolVariation('checkout', alice, true), false);
  await toggle(fixture.env.server, 'checkout', true);
  await waitFor(() => c.boolVariation('checkout', alice, false), { what: 'checkout back on by polling' });
});

test('an unknown flag or a value of the wrong type gives the default with the reason, never a throw', async () => {
  const c = client();
  await c.waitForInitialization({ timeout: 30 });
  assert.deepEqual(c.stringVariationDetail('checkout', alice, 'x'), {
    value: 'x',
    variationIndex: null,
    reason: { kind: 'ERROR', errorKind: 'WRONG_TYPE' },
  });
  assert.deepEqual(c.numberVariationDetail('nope', alice, 7).reason, {
    kind: 'ERROR',
    errorKind: 'FLAG_NOT_FOUND',
  });
  assert.equal(c.jsonVariation('checkout', alice, null), true);
});

test('a refused SDK key makes waitForInitialization reject and variations serve CLIENT_NOT_READY', async () => {
  const c = init('sdk-not-a-key', { baseUri: fixture.env.server.url, initialReconnectDelayMs: 50 });
  fixture.onClose(() => c.close());
  await assert.rejects(c.waitForInitialization({ timeout: 30 }), /401/);
  assert.equal(c.dataSourceState(), 'off');
  assert.deepEqual(c.boolVariationDetail('checkout', alice, true).reason, {
    kind: 'ERROR',
    errorKind: 'CLIENT_NOT_READY',
  });
});

test('close() leaves no timer or socket: a process that used a streaming client exits by itself', async () => {
  const index = new URL('../src/index.ts', import.meta.url).href;
  const script = `
    const { init } = await import(${JSON.stringify(index)});
    const c = init(process.env.SDK_KEY, { baseUri: process.env.BASE_URI });
    await c.waitForInitialization({ timeout: 30 });
    if (c.boolVariation('checkout', { kind: 'user', key: 'alice' }, false) !== true) process.exit(3);
    c.close();
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, SDK_KEY: fixture.env.sdkKey, BASE_URI: fixture.env.server.url },
    stdio: 'inherit',
  });
  const code = await withDeadline(new Promise<number | null>((resolve) => child.on('exit', resolve)), {
    what: 'the child process to exit after close()',
  }).finally(() => child.kill());
  assert.equal(code, 0);
});
