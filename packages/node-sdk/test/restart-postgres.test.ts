import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  postgresAvailable,
  startTestServer,
  type TestServer,
} from '../../server/test/support/test-server.js';
import { init, type SwitchyardClient } from '../src/index.js';
import { createCheckoutFlag, toggle, waitFor } from './support/server.js';

// Two server nodes on one PostgreSQL database: node A restarts, and a change is made on node B while A is down.
if (!(await postgresAvailable()) && process.env.CI)
  throw new Error('PostgreSQL is required under CI but is not reachable');
const skip = (await postgresAvailable()) ? false : 'PostgreSQL is not reachable';

let a: TestServer;
let b: TestServer;
let client: SwitchyardClient | undefined;
const alice = { kind: 'user', key: 'alice' };

before(async () => {
  if (skip) return;
  a = await startTestServer('postgres');
  b = await startTestServer('postgres', a.databaseUrl);
  await a.api('POST', '/api/v1/projects', { key: 'app', name: 'App' });
  await createCheckoutFlag(a);
});

after(async () => {
  await client?.close();
  await b?.close();
  await a?.close();
});

test('a server restart mid-stream: the client reconnects and catches up on a change made while the server was down', {
  skip,
}, async () => {
  const sdkKey = (await a.api('GET', '/api/v1/projects/app/environments/production')).body.sdkKey as string;
  const c = init(sdkKey, { baseUri: a.url, initialReconnectDelayMs: 50, pollingFallbackAfterMs: 0 });
  client = c;
  await c.waitForInitialization({ timeout: 30 });
  assert.equal(c.boolVariation('checkout', alice, false), true);
  const seen: string[] = [];
  c.on('update:checkout', ({ key }) => seen.push(key));
  const states: string[] = [];
  c.on('status', ({ state }) => states.push(state));
  a = await a.restart(async () => {
    await waitFor(() => c.getStatus().state === 'interrupted', { what: 'the client to lose node A' });
    assert.equal((await toggle(b, 'checkout', false)).status, 200, 'the change, made on node B');
    assert.equal(c.boolVariation('checkout', alice, false), true, 'while A is down, the last data is served');
  });
  await waitFor(() => seen.includes('checkout'), { what: 'the change from the restarted node A' });
  assert.equal(c.boolVariation('checkout', alice, true), false);
  assert.equal(c.getStatus().state, 'valid');
  assert.deepEqual(states, ['interrupted', 'valid']);
});
