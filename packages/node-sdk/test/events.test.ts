import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import {
  changeSystemFlag,
  createTenant,
  type Tenant,
  variationOf,
  waitFor,
} from '../../server/test/support/events.js';
import { startTestServer, type TestServer } from '../../server/test/support/test-server.js';
import { init, type SwitchyardClient } from '../src/index.js';

let s: TestServer;
let t: Tenant;
const clients: SwitchyardClient[] = [];

before(async () => {
  s = await startTestServer('sqlite');
  t = await createTenant(s, 'sdk-events');
  await s.api('POST', `/api/v1/projects/${t.project}/flags`, { key: 'checkout', name: 'Checkout' });
  await s.api('POST', `/api/v1/projects/${t.project}/flags/checkout/environments/production/toggle`, {
    on: true,
  });
});

after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await s.close();
});

function client(options: Parameters<typeof init>[1] = {}): SwitchyardClient {
  const c = init(t.sdkKey, { baseUri: s.url, initialReconnectDelayMs: 50, ...options });
  clients.push(c);
  return c;
}

test('evaluations and track calls reach the server insights with the right counts', async () => {
  const c = client();
  await c.waitForInitialization({ timeout: 30 });
  const alice = { kind: 'user', key: 'alice' };
  for (let i = 0; i < 5; i++) assert.equal(c.boolVariation('checkout', alice, false), true);
  c.track('purchase', alice, { sku: 'a1' }, 9.5);
  c.track('purchase', { kind: 'user', key: 'bob' });
  await c.flush();
  // The insights are written asynchronously: wait until both totals are in, then check them.
  const window = { from: Date.now() - 3_600_000, to: Date.now() + 3_600_000 };
  const where = { projectKey: t.project, environmentKey: 'production' };
  const totals = await waitFor(async () => {
    const purchase = (await s.server.insights.customEventTotals(where, window)).find(
      (r) => r.eventKey === 'purchase',
    );
    const checkout = (await s.server.insights.flagTotals(where, window)).find(
      (r) => r.flagKey === 'checkout',
    );
    return purchase?.count === 2 && checkout !== undefined ? { purchase, checkout } : undefined;
  }, 'the custom events and the evaluation summary in the insights');
  assert.equal(totals.purchase.metricSum, 9.5);
  assert.equal(totals.checkout.total, 5);
});

test('a full event queue drops and counts events instead of growing', async () => {
  const c = client({ eventCapacity: 3, flushIntervalMs: 60_000 });
  await c.waitForInitialization({ timeout: 30 });
  for (let i = 0; i < 10; i++) c.track('clicked', { kind: 'user', key: 'carol' });
  assert.equal(c.droppedEvents(), 7);
  await c.flush();
  c.track('clicked', { kind: 'user', key: 'carol' });
  assert.equal(c.droppedEvents(), 7);
});

test('a 429 with Retry-After pauses event posts instead of retrying', async () => {
  const posts: string[] = [];
  const refusing = http.createServer((request, response) => {
    posts.push(request.url ?? '');
    request.resume();
    response.writeHead(429, { 'retry-after': '60' }).end();
  });
  await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
  const c = client({ eventsUri: `http://127.0.0.1:${(refusing.address() as AddressInfo).port}` });
  await c.waitForInitialization({ timeout: 30 });
  const dave = { kind: 'user', key: 'dave' };
  c.track('clicked', dave);
  await c.flush();
  assert.deepEqual(posts, ['/bulk']);
  c.track('clicked', dave);
  await c.flush();
  await c.close();
  assert.deepEqual(posts, ['/bulk']);
  refusing.closeAllConnections();
  await new Promise((resolve) => refusing.close(resolve));
});

test("the server's kill switch for the account: the post is counted as dropped by reason and posting stops", async () => {
  const c = client({ flushIntervalMs: 60_000 });
  await c.waitForInitialization({ timeout: 30 });
  const frank = { kind: 'user', key: 'frank' };
  c.track('before', frank);
  await c.flush();
  assert.equal(c.eventStats()?.acceptedPosts, 1);
  const cut = await changeSystemFlag(s, 'ingest-events', (config, variations) => ({
    ...config,
    contextTargets: [
      { contextKind: 'account', variation: variationOf(variations, false), values: [t.account] },
    ],
  }));
  assert.equal(cut.status, 200, JSON.stringify(cut.body));
  try {
    c.track('during', frank);
    await c.flush();
    assert.deepEqual(c.eventStats()?.droppedPosts, { 'kill-switch': 1 });
    c.track('during', frank);
    await c.flush();
    assert.equal(c.eventStats()?.skippedPosts, 1, 'no post while the kill switch holds');
    assert.equal(c.eventStats()?.retriedPosts, 0);
  } finally {
    await changeSystemFlag(s, 'ingest-events', (config) => ({ ...config, contextTargets: [] }));
  }
});

test('one index event per context seen lately, and a context whose index event was dropped is sent later', async () => {
  const payloads: { kind: string; context?: { key: string } }[][] = [];
  const sink = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      payloads.push(JSON.parse(gunzipSync(Buffer.concat(chunks)).toString()));
      response.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  try {
    const c = client({
      eventsUri: `http://127.0.0.1:${(sink.address() as AddressInfo).port}`,
      eventCapacity: 2,
      flushIntervalMs: 60_000,
    });
    await c.waitForInitialization({ timeout: 30 });
    for (const key of ['ann', 'ann', 'ben', 'ann', 'cid', 'ben'])
      c.boolVariation('checkout', { kind: 'user', key }, false);
    assert.equal(c.droppedEvents(), 1, "cid's index event did not fit");
    await c.flush();
    c.boolVariation('checkout', { kind: 'user', key: 'cid' }, false);
    c.boolVariation('checkout', { kind: 'user', key: 'ann' }, false);
    await c.flush();
    const indexed = payloads.map((events) =>
      events.filter((e) => e.kind === 'index').map((e) => e.context?.key),
    );
    assert.deepEqual(indexed, [['ann', 'ben'], ['cid']]);
    const summary = payloads[0]?.find((e) => e.kind === 'summary') as unknown as {
      features: { checkout: { counters: { count: number }[] } };
    };
    assert.equal(summary.features.checkout.counters[0]?.count, 6, 'every evaluation is in the summary');
  } finally {
    sink.closeAllConnections();
    await new Promise((resolve) => sink.close(resolve));
  }
});
