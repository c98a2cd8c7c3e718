import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { init, type LDClient } from '@launchdarkly/node-server-sdk';
import { createTenant, type Tenant, waitFor } from './support/events.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const silent = { error() {}, warn() {}, info() {}, debug() {} };
let s: TestServer;
let t: Tenant;
let proxy: http.Server;
let proxyUrl: string;
let client: LDClient | undefined;
/** What the server answered to each event post, as seen between the SDK and the server. */
const answers: { path: string; status: number; outcome: string | undefined }[] = [];

before(async () => {
  s = await startTestServer('sqlite');
  t = await createTenant(s, 'sdk-user');
  await s.api('POST', `/api/v1/projects/${t.project}/flags`, { key: 'checkout', name: 'Checkout' });
  await s.api('POST', `/api/v1/projects/${t.project}/flags/checkout/environments/production/toggle`, {
    on: true,
  });
  proxy = http.createServer((request, response) => {
    const upstream = http.request(
      `${s.url}${request.url}`,
      { method: request.method, headers: request.headers, agent: false },
      (reply) => {
        if (request.method === 'POST') {
          const outcome = reply.headers['x-switchyard-events'];
          answers.push({
            path: request.url ?? '',
            status: reply.statusCode ?? 0,
            outcome: typeof outcome === 'string' ? outcome : undefined,
          });
        }
        response.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

after(async () => {
  client?.close();
  await new Promise((resolve) => proxy.close(resolve));
  await s.close();
});

test('the official LaunchDarkly Node SDK flushes its events and the server accepts them durably', async () => {
  client = init(t.sdkKey, {
    baseUri: s.url,
    streamUri: s.url,
    eventsUri: proxyUrl,
    logger: silent,
    diagnosticOptOut: false,
  });
  await client.waitForInitialization({ timeout: 5 });
  const context = { kind: 'user', key: 'alice' };
  for (let i = 0; i < 5; i++) assert.equal(await client.variation('checkout', context, false), true);
  client.track('purchase', context, { sku: 'a1' }, 9.5);
  client.track('purchase', { kind: 'user', key: 'bob' });
  await client.flush();

  const bulk = await waitFor(async () => answers.find((a) => a.path === '/bulk'), 'the SDK to post /bulk');
  assert.equal(bulk.status, 202);
  assert.equal(bulk.outcome, 'accepted; durable=spool');
  const diagnostic = await waitFor(
    async () => answers.find((a) => a.path === '/diagnostic'),
    'a diagnostic post',
  );
  assert.equal(diagnostic.status, 202);

  const scope = { projectKey: t.project, environmentKey: 'production' };
  const hours = { from: Date.now() - 3_600_000, to: Date.now() + 3_600_000 };
  const custom = await waitFor(async () => {
    const rows = await s.server.insights.customEventTotals(scope, hours);
    return rows.find((row) => row.eventKey === 'purchase' && row.count === 2);
  }, 'the custom events in the insights');
  assert.equal(custom.metricSum, 9.5);
  const flags = await waitFor(async () => {
    const rows = await s.server.insights.flagTotals(scope, hours);
    return rows.find((row) => row.flagKey === 'checkout');
  }, 'the evaluation summary in the insights');
  assert.equal(flags.total, 5);
  const usage = (await s.api('GET', '/api/v1/accounts/sdk-user/usage')).body;
  assert.ok(usage.accepted >= 3, JSON.stringify(usage));
});
