import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ValueChange } from '../src/index.js';
import { serverFixture, toggle, waitFor } from './support/server.js';

const fixture = serverFixture();
const alice = { kind: 'user', key: 'alice' };
const bob = { kind: 'user', key: 'bob' };

function targets(values: string[]) {
  return fixture.env.server.api('PUT', '/api/v1/projects/app/flags/checkout/environments/production', {
    on: true,
    offVariation: 1,
    targets: [{ variation: 0, values }],
    fallthrough: { variation: 1 },
  });
}

test('a value-change listener fires only when the flag changes for its context, once, with old and new value', async () => {
  const c = fixture.client();
  await c.waitForInitialization({ timeout: 30 });
  const forAlice: ValueChange[] = [];
  const forBob: ValueChange[] = [];
  const updates: string[] = [];
  c.onValueChange('checkout', alice, (change) => forAlice.push(change));
  const stopBob = c.onValueChange('checkout', bob, (change) => forBob.push(change));
  c.on('update:checkout', ({ key }) => updates.push(key));

  assert.equal((await targets(['alice', 'bob'])).status, 200);
  await waitFor(() => forBob.length === 1, { what: "bob's value change" });
  assert.deepEqual(forBob[0], {
    key: 'checkout',
    oldValue: false,
    newValue: true,
    oldVariation: 1,
    newVariation: 0,
  });
  assert.deepEqual(updates, ['checkout'], 'update:checkout fires for any change to the flag');
  assert.equal(forAlice.length, 0, 'a change that does not affect alice is silent for her');

  stopBob();
  assert.equal((await toggle(fixture.env.server, 'checkout', false)).status, 200);
  await waitFor(() => forAlice.length === 1, { what: "alice's value change" });
  assert.deepEqual(
    [forAlice[0]?.oldValue, forAlice[0]?.newValue, forAlice[0]?.newVariation],
    [true, false, 1],
  );
  await waitFor(() => updates.length === 2, { what: 'the second update:checkout' });
  assert.equal(forBob.length, 1, 'an unsubscribed listener no longer fires');
  await toggle(fixture.env.server, 'checkout', true);
  await targets(['alice']);
  await waitFor(() => !c.boolVariation('checkout', bob, true), { what: 'checkout restored' });
  assert.equal(forAlice.length, 2);
});
