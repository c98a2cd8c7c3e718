import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { init, type SwitchyardClient } from '../src/index.js';
import {
  createCheckoutFlag,
  type Environment,
  startServerWithProject,
  toggle,
  waitFor,
} from './support/server.js';

let env: Environment;
const clients: SwitchyardClient[] = [];
const alice = { kind: 'user', key: 'alice' };
const bob = { kind: 'user', key: 'bob' };

function client(options: Parameters<typeof init>[1] = {}): SwitchyardClient {
  const c = init(env.sdkKey, { baseUri: env.server.url, initialReconnectDelayMs: 50, ...options });
  clients.push(c);
  return c;
}

before(async () => {
  env = await startServerWithProject();
  await createCheckoutFlag(env.server);
});

after(async () => {
  for (const c of clients) c.close();
  await env.server.close();
});

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
  assert.equal((await toggle(env.server, 'checkout', false)).status, 200);
  await waitFor(() => seen.includes('checkout'), { what: 'the update:checkout event' });
  assert.equal(c.boolVariation('checkout', alice, true), false);
  assert.deepEqual(c.boolVariationDetail('checkout', alice, true).reason, { kind: 'OFF' });
  await toggle(env.server, 'checkout', true);
  await waitFor(() => c.boolVariation('checkout', alice, false), { what: 'checkout back on' });
});

test('a polling client initializes from /sdk/latest-all and sees a change on a later poll', async () => {
  const c = client({ stream: false, pollIntervalMs: 1000 });
  await c.waitForInitialization({ timeout: 30 });
  assert.equal(c.boolVariation('checkout', alice, false), true);
  const seen: string[] = [];
  c.on('update', ({ key }) => seen.push(key));
  await toggle(env.server, 'checkout', false);
  await waitFor(() => seen.includes('checkout'), { what: 'a poll bringing the change' });
  assert.equal(c.boolVariation('checkout', alice, true), false);
  await toggle(env.server, 'checkout', true);
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
  const c = init('sdk-not-a-key', { baseUri: env.server.url, initialReconnectDelayMs: 50 });
  clients.push(c);
  await assert.rejects(c.waitForInitialization({ timeout: 30 }), /401/);
  assert.equal(c.dataSourceState(), 'off');
  assert.deepEqual(c.boolVariationDetail('checkout', alice, true).reason, {
    kind: 'ERROR',
    errorKind: 'CLIENT_NOT_READY',
  });
});
