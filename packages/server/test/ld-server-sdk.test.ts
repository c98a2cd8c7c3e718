import assert from 'node:assert/strict';
import { hash } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { LDClient } from '@launchdarkly/node-server-sdk';
import { createEvaluator, parseContext, prepareSnapshot } from '@switchyard/engine';
import { PREPARE_OPTIONS } from '../src/delivery/environment-snapshots.js';
import { ldClient } from './support/ld-sdk.js';
import { startTestServer, type TestServer } from './support/test-server.js';
import { waitFor, withDeadline } from './support/wait-for.js';

let s: TestServer;
let sdkKey: string;
const clients: LDClient[] = [];

function client(options: Record<string, unknown> = {}, key = sdkKey): LDClient {
  const c = ldClient(s.url, key, options);
  clients.push(c);
  return c;
}

before(async () => {
  s = await startTestServer('sqlite');
  await s.api('POST', '/api/v1/projects', { key: 'app', name: 'App' });
  sdkKey = (await s.api('GET', '/api/v1/projects/app/environments/production')).body.sdkKey;
  await s.api('POST', '/api/v1/projects/app/flags', { key: 'checkout', name: 'Checkout' });
  await s.api('PUT', '/api/v1/projects/app/flags/checkout/environments/production', {
    on: true,
    offVariation: 1,
    targets: [{ variation: 0, values: ['alice'] }],
    rules: [
      {
        id: 'staff',
        clauses: [{ contextKind: 'user', attribute: 'email', op: 'endsWith', values: ['@app.dev'] }],
        variation: 0,
      },
    ],
    fallthrough: {
      rollout: {
        variations: [
          { variation: 0, weight: 30000 },
          { variation: 1, weight: 70000 },
        ],
      },
    },
  });
  await s.api('POST', '/api/v1/projects/app/environments/production/segments', {
    key: 'beta',
    included: ['bob'],
  });
  await s.api('POST', '/api/v1/projects/app/flags', {
    key: 'banner',
    name: 'Banner',
    variations: ['red', 'blue'],
  });
  await s.api('PUT', '/api/v1/projects/app/flags/banner/environments/production', {
    on: true,
    offVariation: 0,
    rules: [
      {
        id: 'beta',
        clauses: [{ contextKind: 'user', attribute: 'key', op: 'segmentMatch', values: ['beta'] }],
        variation: 1,
      },
    ],
    fallthrough: { variation: 0 },
  });
});

after(async () => {
  for (const c of clients) c.close();
  await s.close();
});

test('the official LaunchDarkly Node SDK streams from Switchyard and evaluates exactly as the engine does', async () => {
  const c = client();
  await c.waitForInitialization({ timeout: 10 });
  const data = (await s.api('GET', '/api/v1/projects/app/environments/production/sdk-data')).body;
  const snapshot = prepareSnapshot(data, PREPARE_OPTIONS);
  const evaluator = createEvaluator({ sha1Hex: (input) => hash('sha1', input, 'hex') });
  for (let i = 0; i < 200; i++) {
    const context = {
      kind: 'user',
      key: i % 50 === 0 ? 'alice' : i % 7 === 0 ? 'bob' : `user-${i}`,
      email: i % 3 === 0 ? `u${i}@app.dev` : `u${i}@else.org`,
    };
    for (const key of ['checkout', 'banner']) {
      const theirs = await c.variationDetail(key, context, null);
      const ours = evaluator.evaluate(snapshot, key, parseContext(context));
      assert.deepEqual(
        JSON.parse(JSON.stringify(theirs)),
        JSON.parse(
          JSON.stringify({ value: ours.value, variationIndex: ours.variationIndex, reason: ours.reason }),
        ),
      );
    }
  }
});

test('a flag change made through the admin API reaches a streaming SDK and fires its update event', async () => {
  const c = client();
  await c.waitForInitialization({ timeout: 10 });
  const updated: string[] = [];
  c.on('update', ({ key }: { key: string }) => updated.push(key));
  await s.api('POST', '/api/v1/projects/app/flags/checkout/environments/production/toggle', { on: false });
  // A streaming SDK never polls: the update event can only have come by the stream.
  await waitFor(async () => updated.includes('checkout'), { what: 'the update event for checkout' });
  assert.equal(await c.variation('checkout', { kind: 'user', key: 'alice' }, true), false);
  await s.api('POST', '/api/v1/projects/app/flags/checkout/environments/production/toggle', { on: true });
  await waitFor(async () => (await c.variation('checkout', { kind: 'user', key: 'alice' }, false)) === true, {
    what: 'the flag back on',
  });
});

test('the delivery report shows how many streams a change was written to, and how fast', async () => {
  const c = client();
  await c.waitForInitialization({ timeout: 10 });
  const updated = new Promise((resolve) => c.on('update', resolve));
  const before = Date.now();
  const toggled = await s.api('POST', '/api/v1/projects/app/flags/checkout/environments/production/toggle', {
    on: true,
  });
  await withDeadline(updated, { what: 'the update event' });
  const report = await s.api('GET', '/api/v1/projects/app/environments/production/delivery');
  const sinceWrite = Date.now() - before;
  assert.equal(report.status, 200);
  assert.ok(report.body.connectedStreams >= 1);
  const latest = report.body.versions[0];
  assert.equal(latest.version, toggled.body.version);
  assert.deepEqual(latest.items, ['flag/checkout']);
  assert.equal(latest.written, latest.streams);
  assert.ok(latest.written >= 1);
  // Commit-to-write delay falls within the time from the test's write to its reading the report.
  assert.ok(latest.p99Ms >= 0 && latest.p99Ms <= sinceWrite, `p99 ${latest.p99Ms} ms of ${sinceWrite} ms`);
});

test('a segment change reaches the SDK too', async () => {
  const c = client();
  await c.waitForInitialization({ timeout: 10 });
  const carol = { kind: 'user', key: 'carol' };
  assert.equal(await c.variation('banner', carol, 'none'), 'red');
  await s.api('PUT', '/api/v1/projects/app/environments/production/segments/beta', {
    included: ['bob', 'carol'],
  });
  await waitFor(async () => (await c.variation('banner', carol, 'none')) === 'blue', {
    what: 'carol in the beta segment',
  });
});

test('a deleted flag is deleted in the SDK, and a re-created one comes back', async () => {
  await s.api('POST', '/api/v1/projects/app/flags', { key: 'doomed', name: 'Doomed' });
  const c = client();
  await c.waitForInitialization({ timeout: 10 });
  const ctx = { kind: 'user', key: 'x' };
  assert.equal((await c.variationDetail('doomed', ctx, 'default')).reason.kind, 'OFF');
  await s.api('DELETE', '/api/v1/projects/app/flags/doomed');
  await waitFor(
    async () => (await c.variationDetail('doomed', ctx, 'default')).reason.errorKind === 'FLAG_NOT_FOUND',
    { what: 'the delete' },
  );
  await s.api('POST', '/api/v1/projects/app/flags', { key: 'doomed', name: 'Back' });
  await waitFor(async () => (await c.variationDetail('doomed', ctx, 'default')).reason.kind === 'OFF', {
    what: 'the re-created flag',
  });
});

test('the SDK polls /sdk/latest-all when streaming is off', async () => {
  const c = client({ stream: false });
  await c.waitForInitialization({ timeout: 10 });
  assert.equal(await c.variation('checkout', { kind: 'user', key: 'alice' }, false), true);
});

test('polling answers with an ETag, 304 when unchanged, and gzip when asked', async () => {
  const first = await fetch(`${s.url}/sdk/latest-all`, { headers: { authorization: sdkKey } });
  assert.equal(first.status, 200);
  const etag = first.headers.get('etag') as string;
  const body = (await first.json()) as { flags: Record<string, unknown> };
  assert.ok(body.flags.checkout);
  const again = await fetch(`${s.url}/sdk/latest-all`, {
    headers: { authorization: sdkKey, 'if-none-match': etag },
  });
  assert.equal(again.status, 304);
  const gz = await fetch(`${s.url}/sdk/latest-all`, {
    headers: { authorization: sdkKey, 'accept-encoding': 'gzip' },
  });
  assert.equal(gz.headers.get('content-encoding'), 'gzip');
});

test('an unknown SDK key gets 401 and the SDK gives up instead of retrying', async () => {
  const c = client({}, 'sdk-00000000-0000-0000-0000-000000000000');
  await assert.rejects(c.waitForInitialization({ timeout: 10 }), /Authentication failed|401/);
});

test('events are accepted with 202', async () => {
  const r = await fetch(`${s.url}/bulk`, {
    method: 'POST',
    headers: {
      authorization: sdkKey,
      'content-type': 'application/json',
      'x-launchdarkly-event-schema': '4',
    },
    body: JSON.stringify([
      { kind: 'identify', creationDate: Date.now(), context: { kind: 'user', key: 'u' } },
    ]),
  });
  assert.equal(r.status, 202);
});

test('a streaming SDK reconnects after the server restarts and receives later changes', async () => {
  const c = client();
  await c.waitForInitialization({ timeout: 10 });
  s = await s.restart();
  const alice = { kind: 'user', key: 'alice' };
  assert.equal(await c.variation('checkout', alice, false), true, 'the last data is kept meanwhile');
  // Changes made after the restart reach the same client once it has reconnected.
  await waitFor(
    async () => {
      await s.api('POST', '/api/v1/projects/app/flags/checkout/environments/production/toggle', {
        on: false,
      });
      return (await c.variation('checkout', alice, true)) === false;
    },
    { what: 'the change after the restart' },
  );
});

test('past the stream limit, a stream gets 503 with Retry-After', async () => {
  const limited = await startTestServer('sqlite', undefined, { maxStreamsPerEnvironment: 1 });
  try {
    await limited.api('POST', '/api/v1/projects', { key: 'tiny', name: 'Tiny' });
    const key = (await limited.api('GET', '/api/v1/projects/tiny/environments/production')).body.sdkKey;
    const first = new AbortController();
    const open = await fetch(`${limited.url}/all`, { headers: { authorization: key }, signal: first.signal });
    assert.equal(open.status, 200);
    const second = await fetch(`${limited.url}/all`, { headers: { authorization: key } });
    assert.equal(second.status, 503);
    assert.equal(second.headers.get('retry-after'), '5');
    first.abort();
  } finally {
    await limited.close();
  }
});
