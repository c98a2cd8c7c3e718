import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { createTenant, customEvents, postEvents, type Tenant, waitFor } from './support/events.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let s: TestServer;
let t: Tenant;

before(async () => {
  s = await startTestServer('sqlite');
  t = await createTenant(s, 'acme');
});
after(() => s.close());

const scope = () => ({ projectKey: t.project, environmentKey: 'production' });
const lastHours = () => ({ from: Date.now() - 3_600_000, to: Date.now() + 3_600_000 });

async function customCount(key: string): Promise<number> {
  const totals = await s.server.insights.customEventTotals(scope(), lastHours());
  return totals.find((row) => row.eventKey === key)?.count ?? 0;
}

test('a server-side batch is accepted with 202 once durable, and its events reach the insights', async () => {
  const reply = await postEvents(s.url, '/bulk', customEvents(5, 'signup'), { auth: t.sdkKey });
  assert.equal(reply.status, 202);
  assert.equal(reply.headers.get('x-switchyard-events'), 'accepted; durable=spool');
  await waitFor(async () => ((await customCount('signup')) === 4 ? true : undefined), 'the custom events');
  // Without a broker too, insights are written on a thread of their own, off the event loop.
  const metrics = await fetch(`${s.url}/metrics`).then((r) => r.text());
  assert.match(metrics, /^switchyard_events_consumer_thread 1$/m);
});

test('a batch retried with the same payload ID is counted once', async () => {
  const payloadId = randomUUID();
  const events = customEvents(3, 'retried');
  for (let i = 0; i < 2; i++) {
    const reply = await postEvents(s.url, '/bulk', events, { auth: t.sdkKey, payloadId });
    assert.equal(reply.status, 202);
  }
  await waitFor(async () => ((await customCount('retried')) === 2 ? true : undefined), 'the events');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(await customCount('retried'), 2);
});

test('gzip bodies are decompressed; corrupt gzip and bad JSON are 400 INVALID_EVENTS', async () => {
  const gz = await postEvents(s.url, '/bulk', customEvents(3, 'zipped'), { auth: t.sdkKey, gzip: true });
  assert.equal(gz.status, 202, JSON.stringify(gz.body));
  await waitFor(async () => ((await customCount('zipped')) === 2 ? true : undefined), 'the gzipped events');

  const corrupt = await postEvents(s.url, '/bulk', Buffer.from('not gzip at all'), {
    auth: t.sdkKey,
    headers: { 'content-encoding': 'gzip' },
  });
  assert.equal(corrupt.status, 400);
  assert.equal(corrupt.body.code, 'INVALID_EVENTS');
  assert.equal(corrupt.headers.get('x-switchyard-events'), 'rejected; reason=invalid');

  const json = await postEvents(s.url, '/bulk', '[{"kind":', { auth: t.sdkKey });
  assert.equal(json.status, 400);
  assert.equal(json.body.code, 'INVALID_EVENTS');
  // The accepted posts' wait for durability is measured; the refused ones are not.
  const metrics = await fetch(`${s.url}/metrics`).then((r) => r.text());
  const waited = Number(
    metrics.match(/switchyard_ingest_durable_seconds_count\{durability="spool"\} (\d+)/)?.[1],
  );
  assert.ok(waited >= 1, metrics.match(/switchyard_ingest_durable_seconds_count.*/g)?.join('; '));
});

test('an invalid event is refused with the path of the problem, and counted for the account', async () => {
  const events = customEvents(3);
  events[2] = { kind: 'custom', key: 42, creationDate: Date.now(), context: { kind: 'user', key: 'u' } };
  const reply = await postEvents(s.url, '/bulk', events, { auth: t.sdkKey });
  assert.equal(reply.status, 400);
  assert.equal(reply.body.code, 'INVALID_EVENTS');
  assert.equal(reply.body.details[0].path, '/2/key');
  assert.match(reply.body.message, /\/2\/key/);
  const usage = await s.api('GET', '/api/v1/accounts/acme/usage');
  assert.ok(usage.body.invalidPayloads >= 1, JSON.stringify(usage.body));
  const metrics = await fetch(`${s.url}/metrics`).then((r) => r.text());
  assert.match(metrics, /switchyard_ingest_batches_total\{outcome="invalid",reason="invalid"\} [1-9]/);
});

test('bodies over the limit are 413, on the wire and once decompressed, and the server goes on', async () => {
  const big = Buffer.alloc(6 * 1024 * 1024, 'a');
  const declared = await postEvents(s.url, '/bulk', big, { auth: t.sdkKey });
  assert.equal(declared.status, 413);
  assert.equal(declared.headers.get('x-switchyard-events'), 'rejected; reason=too-large');
  const chunked = await postEvents(s.url, '/bulk', big, { auth: t.sdkKey, chunked: true });
  assert.equal(chunked.status, 413);
  // 40 MiB of spaces compress to a few KiB: a small bomb.
  const bomb = gzipSync(Buffer.alloc(40 * 1024 * 1024, ' '));
  assert.ok(bomb.length < 100_000);
  const inflated = await postEvents(s.url, '/bulk', bomb, {
    auth: t.sdkKey,
    headers: { 'content-encoding': 'gzip' },
  });
  assert.equal(inflated.status, 413);
  assert.equal(inflated.body.code, 'PAYLOAD_TOO_LARGE');
  const still = await postEvents(s.url, '/bulk', customEvents(2), { auth: t.sdkKey });
  assert.equal(still.status, 202);
});

test('a batch larger than the admin API body limit is accepted: ingest has its own limit', async () => {
  const events = customEvents(12_000, 'bulk-size');
  const size = Buffer.byteLength(JSON.stringify(events));
  assert.ok(size > 1024 * 1024, `${size} bytes`);
  const reply = await postEvents(s.url, '/bulk', events, { auth: t.sdkKey });
  assert.equal(reply.status, 202, JSON.stringify(reply.body));
  await waitFor(
    async () => ((await customCount('bulk-size')) === 11_999 ? true : undefined),
    'the big batch',
  );
});

test('unknown credentials are refused: 401 for SDK and mobile keys, 404 for a client-side ID', async () => {
  const sdk = await postEvents(s.url, '/bulk', [], { auth: 'sdk-00000000-0000-0000-0000-000000000000' });
  assert.equal(sdk.status, 401);
  assert.equal(sdk.headers.get('x-switchyard-events'), 'rejected; reason=unauthorized');
  assert.equal((await postEvents(s.url, '/bulk', [])).status, 401);
  assert.equal((await postEvents(s.url, '/mobile', [], { auth: 'mob-nope' })).status, 401);
  assert.equal((await postEvents(s.url, '/events/bulk/nope', [])).status, 404);
});

test('browser events carry CORS headers that expose the outcome, and preflights are answered', async () => {
  const origin = { origin: 'https://shop.example' };
  const reply = await postEvents(s.url, `/events/bulk/${t.clientSideId}`, customEvents(2, 'browser'), {
    headers: origin,
  });
  assert.equal(reply.status, 202);
  assert.equal(reply.headers.get('access-control-allow-origin'), 'https://shop.example');
  assert.match(reply.headers.get('access-control-expose-headers') ?? '', /X-Switchyard-Events/);
  assert.ok(reply.headers.get('date'));
  const refused = await postEvents(s.url, '/events/bulk/unknown-id', [], { headers: origin });
  assert.equal(refused.status, 404);
  assert.equal(refused.headers.get('access-control-allow-origin'), 'https://shop.example');
  const preflight = await fetch(`${s.url}/events/bulk/${t.clientSideId}`, {
    method: 'OPTIONS',
    headers: origin,
  });
  assert.equal(preflight.status, 204);
  assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /X-LaunchDarkly-Payload-ID/);
  const diagnostic = await postEvents(
    s.url,
    `/events/diagnostic/${t.clientSideId}`,
    { kind: 'diagnostic', id: { diagnosticId: 'd1' }, creationDate: Date.now() },
    { headers: origin },
  );
  assert.equal(diagnostic.status, 202, JSON.stringify(diagnostic.body));
});

test('every mobile event path and the server diagnostic path accept events', async () => {
  for (const path of ['/mobile', '/mobile/events', '/mobile/events/bulk']) {
    const reply = await postEvents(s.url, path, customEvents(2), { auth: t.mobileKey });
    assert.equal(reply.status, 202, path);
    assert.match(reply.headers.get('x-switchyard-events') ?? '', /^accepted; durable=/);
  }
  const diagnostic = { kind: 'diagnostic-init', id: { diagnosticId: 'x' }, creationDate: Date.now() };
  const mobile = await postEvents(s.url, '/mobile/events/diagnostic', diagnostic, { auth: t.mobileKey });
  assert.equal(mobile.status, 202);
  const server = await postEvents(s.url, '/diagnostic', diagnostic, { auth: `api_key ${t.sdkKey}` });
  assert.equal(server.status, 202);
});

test('older SDKs are accepted: contextKeys, legacy users, no Content-Type', async () => {
  const now = Date.now();
  const events = [
    { kind: 'custom', key: 'legacy', creationDate: now, contextKeys: { user: 'old-1' } },
    { kind: 'custom', key: 'legacy', creationDate: now, userKey: 'old-2' },
    { kind: 'identify', creationDate: now, user: { key: 'old-3' } },
  ];
  const reply = await postEvents(s.url, '/bulk', events, {
    auth: t.sdkKey,
    headers: { 'content-type': '' },
  });
  assert.equal(reply.status, 202, JSON.stringify(reply.body));
  await waitFor(async () => ((await customCount('legacy')) === 2 ? true : undefined), 'the legacy events');
});
