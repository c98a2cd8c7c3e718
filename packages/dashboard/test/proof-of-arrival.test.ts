/**
 * Proof of arrival across the cluster: two server nodes on one PostgreSQL database, SDK
 * streams on both, a flag toggled in the browser on node A, and the page counts the streams
 * of both nodes that have the new version.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LDClient } from '@launchdarkly/node-server-sdk';
import { waitFor } from '../../server/test/support/events.js';
import { ldClient } from '../../server/test/support/ld-sdk.js';
import type { TestServer } from '../../server/test/support/test-server.js';
import { type Dashboard, signedInPage, skip, startDashboard } from './support/dashboard-harness.js';

let d: Dashboard;
const sdks: LDClient[] = [];
const DELIVERY = '/api/v1/projects/arrive/environments/production/delivery/cluster';

before(async () => {
  if (skip) return;
  d = await startDashboard('proof-of-arrival', { twoNodes: true, heartbeatMs: 200 });
});
after(async () => {
  for (const sdk of sdks) sdk.close();
  await d?.close();
});

async function connect(node: TestServer, sdkKey: string): Promise<LDClient> {
  const sdk = ldClient(node.url, sdkKey, { sendEvents: false });
  sdks.push(sdk);
  await sdk.waitForInitialization({ timeout: 20 });
  return sdk;
}

test('a toggle in the browser shows that it reached the SDK streams on both nodes', { skip }, async () => {
  const a = d.server;
  const b = d.second;
  assert.ok(b, 'a second node');
  await a.api('POST', '/api/v1/projects', { key: 'arrive', name: 'Arrive' });
  await a.api('POST', '/api/v1/projects/arrive/flags', { key: 'dark-mode', name: 'Dark mode' });
  const sdkKey = (await a.api('GET', '/api/v1/projects/arrive/environments/production')).body.sdkKey;
  // Node B learns the new environment's key through the change feed.
  await waitFor(async () => {
    const r = await fetch(`${b.url}/sdk/latest-all`, { headers: { authorization: sdkKey } });
    return r.status === 200 ? true : undefined;
  }, 'node B to know the new environment');
  const clients = await Promise.all([
    connect(a, sdkKey),
    connect(a, sdkKey),
    connect(b, sdkKey),
    connect(b, sdkKey),
  ]);
  await waitFor(async () => {
    const nodes = (await a.api('GET', DELIVERY)).body.nodes;
    return nodes.map((n: { streams: number }) => n.streams).join() === '2,2' ? true : undefined;
  }, 'both nodes to report two streams each');

  const { page, console } = await signedInPage(d, '/projects/arrive/environments/production/flags');
  await page.getByRole('switch', { name: 'dark-mode in Production' }).click();
  const confirm = page.getByRole('dialog', { name: 'Turn on “Dark mode” in Production?' });
  await confirm.getByRole('button', { name: 'Turn on in Production' }).click();
  await confirm.waitFor({ state: 'detached' });
  const proof = page.getByRole('status', { name: 'Proof of arrival' });
  await proof
    .getByText(/^Reached 4 of 4 streams on 2 nodes in [\d,]+ ms\.$/)
    .waitFor({ timeout: 30_000 })
    .catch(async (err) => {
      await d.shoot(page, '00-not-reached');
      throw new Error(`${err} — the page said: ${await proof.textContent()}`);
    });
  await d.shoot(page, '01-reached-both-nodes');
  assert.match((await proof.textContent()) ?? '', /^dark-mode Reached 4 of 4 streams on 2 nodes/);
  for (const sdk of clients) {
    const detail = await sdk.variationDetail('dark-mode', { kind: 'user', key: 'u' }, 'unset');
    assert.notEqual(detail.reason.kind, 'OFF', 'every SDK counted serves the flag on');
  }
  assert.deepEqual(console.errors, []);
});
