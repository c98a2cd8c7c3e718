import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { type ApiResponse, startTestServer, type TestServer } from './support/test-server.js';

let s: TestServer;
let env: { clientSideId: string; mobileKey: string; sdkKey: string };
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

before(async () => {
  s = await startTestServer('sqlite');
  await s.api('POST', '/api/v1/projects', { key: 'web', name: 'Web' });
  env = (await s.api('GET', '/api/v1/projects/web/environments/production')).body;
  await s.api('POST', '/api/v1/projects/web/flags', {
    key: 'browser-flag',
    name: 'Browser flag',
    variations: ['off', 'on'],
    clientSideAvailability: { usingEnvironmentId: true, usingMobileKey: true },
  });
  await s.api('POST', '/api/v1/projects/web/flags', { key: 'server-only', name: 'Server only' });
  await s.api('POST', '/api/v1/projects/web/environments/production/segments', {
    key: 'vip',
    included: ['ann'],
  });
  await s.api('PUT', '/api/v1/projects/web/flags/browser-flag/environments/production', {
    on: true,
    offVariation: 0,
    rules: [
      {
        id: 'vip',
        clauses: [{ contextKind: 'user', attribute: 'key', op: 'segmentMatch', values: ['vip'] }],
        variation: 1,
      },
    ],
    fallthrough: { variation: 0 },
  });
});

after(() => s.close());

async function get(path: string, headers: Record<string, string> = {}): Promise<ApiResponse> {
  const r = await fetch(`${s.url}${path}`, { headers });
  return { status: r.status, headers: r.headers, body: r.status === 200 ? await r.json() : await r.text() };
}

test('a browser SDK gets its client-side flags evaluated for its context, and only those', async () => {
  const r = await get(`/sdk/evalx/${env.clientSideId}/contexts/${b64({ kind: 'user', key: 'ann' })}`);
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.body), ['browser-flag']);
  assert.equal(r.body['browser-flag'].value, 'on');
  assert.equal(r.body['browser-flag'].variation, 1);
  assert.equal(typeof r.body['browser-flag'].version, 'number');
  assert.equal(r.body['browser-flag'].reason, undefined, 'no reasons unless asked');
  const withReasons = await get(
    `/sdk/evalx/${env.clientSideId}/contexts/${b64({ kind: 'user', key: 'bob' })}?withReasons=true`,
  );
  assert.deepEqual(withReasons.body['browser-flag'].reason, { kind: 'FALLTHROUGH' });
});

test('a context of realistic size fits in the path', async () => {
  const context = {
    kind: 'multi',
    user: { key: 'ann', email: 'ann@example.com', name: 'Ann Example', country: 'NL', plan: 'enterprise' },
    organization: { key: 'org-4711', name: 'Example Holdings International', tier: 'gold' },
  };
  assert.ok(b64(context).length > 200);
  const r = await get(`/sdk/evalx/${env.clientSideId}/contexts/${b64(context)}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body['browser-flag'].value, 'on');
});

test('the REPORT form takes the context in the body, and legacy users work', async () => {
  const r = await fetch(`${s.url}/sdk/evalx/${env.clientSideId}/context`, {
    method: 'REPORT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key: 'ann' }),
  });
  assert.equal(r.status, 200);
  assert.equal(((await r.json()) as Record<string, { value: string }>)['browser-flag']?.value, 'on');
});

test('an unknown client-side ID is 404, an unknown mobile key 401, a bad context 400', async () => {
  assert.equal((await get(`/sdk/evalx/nope/contexts/${b64({ key: 'a' })}`)).status, 404);
  assert.equal(
    (await get(`/msdk/evalx/contexts/${b64({ key: 'a' })}`, { authorization: 'mob-nope' })).status,
    401,
  );
  assert.equal((await get(`/sdk/evalx/${env.clientSideId}/contexts/not-base64-json`)).status, 400);
});

test('a mobile SDK authenticates with the mobile key', async () => {
  const r = await get(`/msdk/evalx/contexts/${b64({ kind: 'user', key: 'ann' })}`, {
    authorization: env.mobileKey,
  });
  assert.equal(r.status, 200);
  assert.equal(r.body['browser-flag'].value, 'on');
});

test('browsers get CORS headers and preflights are answered', async () => {
  const r = await get(`/sdk/evalx/${env.clientSideId}/contexts/${b64({ key: 'a' })}`, {
    origin: 'https://shop.example',
  });
  assert.equal(r.headers.get('access-control-allow-origin'), 'https://shop.example');
  const preflight = await fetch(`${s.url}/sdk/evalx/${env.clientSideId}/context`, {
    method: 'OPTIONS',
    headers: { origin: 'https://shop.example', 'access-control-request-method': 'REPORT' },
  });
  assert.equal(preflight.status, 204);
  assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /REPORT/);
});

test('in secure mode a request needs the HMAC of its context key', async () => {
  await s.api('PATCH', '/api/v1/projects/web/environments/production', { secureMode: true });
  const ctx = { kind: 'org', key: 'acme:1' };
  const path = `/sdk/evalx/${env.clientSideId}/contexts/${b64(ctx)}`;
  assert.equal((await get(path)).status, 403);
  const h = createHmac('sha256', env.sdkKey).update('org:acme%3A1').digest('hex');
  assert.equal((await get(`${path}?h=${h}`)).status, 200);
  assert.equal((await get(`${path}?h=${'0'.repeat(64)}`)).status, 403);
  await s.api('PATCH', '/api/v1/projects/web/environments/production', { secureMode: false });
});

test('a client stream gets its evaluations, then a ping when a segment change alters them', async () => {
  const chunks: string[] = [];
  const request = http.get(`${s.url}/eval/${env.clientSideId}/${b64({ kind: 'user', key: 'zoe' })}`);
  const response = await new Promise<http.IncomingMessage>((resolve) => request.on('response', resolve));
  assert.equal(response.statusCode, 200);
  response.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const waitFor = async (text: string) => {
    const deadline = Date.now() + 3000;
    while (!chunks.join('').includes(text)) {
      if (Date.now() > deadline) throw new Error(`no "${text}" in ${chunks.join('')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  await waitFor('event: put');
  assert.match(chunks.join(''), /"browser-flag":\{"value":"off"/);
  await s.api('PUT', '/api/v1/projects/web/environments/production/segments/vip', {
    included: ['ann', 'zoe'],
  });
  await waitFor('event: ping');
  const refreshed = await get(`/sdk/evalx/${env.clientSideId}/contexts/${b64({ kind: 'user', key: 'zoe' })}`);
  assert.equal(refreshed.body['browser-flag'].value, 'on', 'the re-poll after the ping sees the new result');
  request.destroy();
});

test('browser and mobile events are accepted with 202', async () => {
  const post = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${s.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: '[]',
    });
  assert.equal((await post(`/events/bulk/${env.clientSideId}`)).status, 202);
  assert.equal((await post('/mobile', { authorization: env.mobileKey })).status, 202);
  assert.equal((await post('/mobile')).status, 401);
});
