import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { recordingLogger } from './support/recording-logger.js';
import { serverFixture, toggle, waitFor } from './support/server.js';
import { cuttingProxy, holdingProxy } from './support/stream-proxies.js';

const fixture = serverFixture();
const alice = { kind: 'user', key: 'alice' };

function client(baseUri: string) {
  return fixture.client({ baseUri });
}

test('a client cut off from the server reconnects and catches up with a change it missed', async () => {
  const p = await fixture.proxy();
  const c = client(`http://127.0.0.1:${p.port}`);
  await c.waitForInitialization({ timeout: 30 });
  const seen: string[] = [];
  c.on('update:checkout', ({ key }) => seen.push(key));
  await p.cut();
  await waitFor(() => c.dataSourceState() === 'interrupted', { what: 'the client to notice the cut' });
  assert.equal((await toggle(fixture.env.server, 'checkout', false)).status, 200);
  // Still the data it had: a lost connection serves the last known values.
  assert.equal(c.boolVariation('checkout', alice, false), true);
  await p.restore();
  await waitFor(() => seen.includes('checkout'), { what: 'the fresh put after reconnecting' });
  assert.equal(c.boolVariation('checkout', alice, true), false);
  assert.equal(c.dataSourceState(), 'valid');
  await toggle(fixture.env.server, 'checkout', true);
  await waitFor(() => c.boolVariation('checkout', alice, false), { what: 'checkout back on' });
});

test('a server restart mid-stream: the client reconnects to the new process and keeps receiving changes', async () => {
  const c = client(fixture.env.server.url);
  await c.waitForInitialization({ timeout: 30 });
  await fixture.restart();
  await waitFor(() => c.dataSourceState() === 'valid', { what: 'the client to reconnect after the restart' });
  const seen: string[] = [];
  c.on('update:checkout', ({ key }) => seen.push(key));
  assert.equal((await toggle(fixture.env.server, 'checkout', false)).status, 200);
  await waitFor(() => seen.includes('checkout'), { what: 'the change from the restarted server' });
  assert.equal(c.boolVariation('checkout', alice, true), false);
  await toggle(fixture.env.server, 'checkout', true);
  await waitFor(() => c.boolVariation('checkout', alice, false), { what: 'checkout back on' });
});

test('initialization times out while the server is unreachable, and data comes when it is back', async () => {
  const p = await fixture.proxy();
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

test('while the stream is refused, the client falls back to polling and still sees changes', async () => {
  const target = fixture.env.server.url;
  const noStream = http.createServer((request, response) => {
    if (request.url === '/all') {
      request.resume();
      response.writeHead(503).end();
      return;
    }
    const upstream = http.request(
      `${target}${request.url}`,
      { method: request.method, headers: request.headers, agent: false },
      (reply) => {
        response.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => noStream.listen(0, '127.0.0.1', resolve));
  fixture.onClose(() => new Promise((resolve) => noStream.close(resolve)));
  const c = fixture.client({
    baseUri: `http://127.0.0.1:${(noStream.address() as AddressInfo).port}`,
    pollingFallbackAfterMs: 200,
    pollIntervalMs: 1000,
  });
  await c.waitForInitialization({ timeout: 30 });
  assert.equal(c.boolVariation('checkout', alice, false), true);
  assert.equal(c.dataSourceState(), 'valid');
  await toggle(fixture.env.server, 'checkout', false);
  await waitFor(() => !c.boolVariation('checkout', alice, true), { what: 'a poll bringing the change' });
  await toggle(fixture.env.server, 'checkout', true);
  await waitFor(() => c.boolVariation('checkout', alice, false), { what: 'checkout back on' });
});

test('with the server down at start, a client serves the data it persisted to a file last time', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-sdk-'));
  fixture.onClose(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'flags.json');
  const first = fixture.client({ persistTo: file });
  await first.waitForInitialization({ timeout: 30 });
  await first.close();
  const p = await fixture.proxy();
  await p.cut();
  const c = fixture.client({ baseUri: `http://127.0.0.1:${p.port}`, persistTo: file });
  await c.waitForInitialization({ timeout: 30 });
  assert.equal(c.dataSourceState(), 'interrupted');
  assert.deepEqual(c.boolVariationDetail('checkout', alice, false), {
    value: true,
    variationIndex: 0,
    reason: { kind: 'TARGET_MATCH' },
  });
});

const serverPort = () => Number(new URL(fixture.env.server.url).port);

test('the stream dropped in the middle of a change: nothing half-applied, the client reconnects and gets it', async () => {
  const p = await cuttingProxy(serverPort(), 'event: patch');
  fixture.onClose(() => p.close());
  const logger = recordingLogger();
  const c = fixture.client({ baseUri: `http://127.0.0.1:${p.port}`, logger });
  await c.waitForInitialization({ timeout: 30 });
  const states: string[] = [];
  c.on('status', ({ state }) => states.push(state));
  const seen: string[] = [];
  c.on('update:checkout', ({ key }) => seen.push(key));
  p.arm();
  assert.equal((await toggle(fixture.env.server, 'checkout', false)).status, 200);
  await waitFor(() => p.cuts() === 1, { what: 'the proxy to cut the patch in its middle' });
  await waitFor(() => seen.includes('checkout'), { what: 'the change, from the put after reconnecting' });
  assert.equal(c.boolVariation('checkout', alice, true), false);
  assert.deepEqual(states, ['interrupted', 'valid'], 'the drop and the reconnection, in that order');
  assert.deepEqual(
    logger.lines.filter((line) => /malformed|skipped/i.test(line)),
    [],
    'the half event was never parsed',
  );
  await toggle(fixture.env.server, 'checkout', true);
  await waitFor(() => c.boolVariation('checkout', alice, false), { what: 'checkout back on' });
});

test('a slow server: initialization times out, then the data arrives and the status goes valid', async () => {
  const p = await holdingProxy(serverPort());
  fixture.onClose(() => p.close());
  const c = fixture.client({ baseUri: `http://127.0.0.1:${p.port}` });
  const states: string[] = [];
  c.on('status', ({ state }) => states.push(state));
  await waitFor(() => p.held() > 0, { what: 'the stream connection to be held' });
  await assert.rejects(c.waitForInitialization({ timeout: 0.3 }), /not initialized within/);
  assert.equal(c.getStatus().state, 'initializing');
  assert.equal(c.boolVariationDetail('checkout', alice, false).reason.kind, 'ERROR');
  p.release();
  await c.waitForInitialization({ timeout: 30 });
  await waitFor(() => c.getStatus().state === 'valid', { what: 'the status to go valid' });
  assert.deepEqual(states, ['valid']);
  assert.equal(c.boolVariation('checkout', alice, false), true);
});
