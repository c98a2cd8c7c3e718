import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTcpProxy, type TcpProxy } from '../../server/test/support/tcp-proxy.js';
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
const proxies: TcpProxy[] = [];
const alice = { kind: 'user', key: 'alice' };

function client(baseUri: string): SwitchyardClient {
  const c = init(env.sdkKey, { baseUri, initialReconnectDelayMs: 50 });
  clients.push(c);
  return c;
}

async function proxy(): Promise<TcpProxy> {
  const p = await startTcpProxy(Number(new URL(env.server.url).port));
  proxies.push(p);
  return p;
}

before(async () => {
  env = await startServerWithProject();
  await createCheckoutFlag(env.server);
});

after(async () => {
  for (const c of clients) c.close();
  for (const p of proxies) await p.close();
  await env.server.close();
});

test('a client cut off from the server reconnects and catches up with a change it missed', async () => {
  const p = await proxy();
  const c = client(`http://127.0.0.1:${p.port}`);
  await c.waitForInitialization({ timeout: 30 });
  const seen: string[] = [];
  c.on('update:checkout', ({ key }) => seen.push(key));
  await p.cut();
  await waitFor(() => c.dataSourceState() === 'interrupted', { what: 'the client to notice the cut' });
  assert.equal((await toggle(env.server, 'checkout', false)).status, 200);
  // Still the data it had: a lost connection serves the last known values.
  assert.equal(c.boolVariation('checkout', alice, false), true);
  await p.restore();
  await waitFor(() => seen.includes('checkout'), { what: 'the fresh put after reconnecting' });
  assert.equal(c.boolVariation('checkout', alice, true), false);
  assert.equal(c.dataSourceState(), 'valid');
  await toggle(env.server, 'checkout', true);
  await waitFor(() => c.boolVariation('checkout', alice, false), { what: 'checkout back on' });
});

test('a server restart mid-stream: the client reconnects to the new process and keeps receiving changes', async () => {
  const c = client(env.server.url);
  await c.waitForInitialization({ timeout: 30 });
  env = { ...env, server: await env.server.restart() };
  await waitFor(() => c.dataSourceState() === 'valid', { what: 'the client to reconnect after the restart' });
  const seen: string[] = [];
  c.on('update:checkout', ({ key }) => seen.push(key));
  assert.equal((await toggle(env.server, 'checkout', false)).status, 200);
  await waitFor(() => seen.includes('checkout'), { what: 'the change from the restarted server' });
  assert.equal(c.boolVariation('checkout', alice, true), false);
  await toggle(env.server, 'checkout', true);
  await waitFor(() => c.boolVariation('checkout', alice, false), { what: 'checkout back on' });
});

test('initialization times out while the server is unreachable, and data comes when it is back', async () => {
  const p = await proxy();
  await p.cut();
  const c = client(`http://127.0.0.1:${p.port}`);
  await assert.rejects(c.waitForInitialization({ timeout: 0.2 }), /not initialized within/);
  assert.deepEqual(c.boolVariationDetail('checkout', alice, false), {
    value: false,
    variationIndex: null,
    reason: { kind: 'ERROR', errorKind: 'CLIENT_NOT_READY' },
  });
  await p.restore();
  await c.waitForInitialization({ timeout: 30 });
  assert.equal(c.boolVariation('checkout', alice, false), true);
});
