import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { OFREPProvider } from '@openfeature/ofrep-provider';
import { ErrorCode, OpenFeature } from '@openfeature/server-sdk';
import { startTestServer, type TestServer } from './support/test-server.js';

let s: TestServer;
let sdkKey: string;

before(async () => {
  s = await startTestServer('sqlite');
  await s.api('POST', '/api/v1/projects', { key: 'web', name: 'Web' });
  sdkKey = (await s.api('GET', '/api/v1/projects/web/environments/production')).body.sdkKey;
  await s.api('POST', '/api/v1/projects/web/flags', { key: 'checkout', name: 'Checkout' });
  await s.api('PUT', '/api/v1/projects/web/flags/checkout/environments/production', {
    on: true,
    offVariation: 1,
    targets: [{ variation: 0, values: ['alice'] }],
    rules: [
      {
        id: 'orgs',
        clauses: [{ contextKind: 'organization', attribute: 'plan', op: 'in', values: ['enterprise'] }],
        variation: 0,
      },
    ],
    fallthrough: {
      rollout: {
        variations: [
          { variation: 0, weight: 50000 },
          { variation: 1, weight: 50000 },
        ],
      },
    },
  });
  await s.api('POST', '/api/v1/projects/web/flags', {
    key: 'banner',
    name: 'Banner',
    variations: ['red', 'blue'],
  });
  await s.api('PUT', '/api/v1/projects/web/flags/banner/environments/production', {
    on: true,
    offVariation: 0,
    fallthrough: { variation: 1 },
  });
  await OpenFeature.setProviderAndWait(
    new OFREPProvider({ baseUrl: s.url, headers: [['Authorization', sdkKey]] }),
  );
});

after(async () => {
  await OpenFeature.close();
  await s.close();
});

test('the official OpenFeature SDK evaluates a targeted flag through OFREP', async () => {
  const client = OpenFeature.getClient();
  const details = await client.getBooleanDetails('checkout', false, { targetingKey: 'alice' });
  assert.equal(details.value, true);
  assert.equal(details.reason, 'TARGETING_MATCH');
  assert.equal(details.variant, '0');
  assert.equal(details.errorCode, undefined);
});

test('a percentage rollout reports SPLIT and a plain fallthrough STATIC', async () => {
  const client = OpenFeature.getClient();
  const split = await client.getBooleanDetails('checkout', false, { targetingKey: 'bob' });
  assert.equal(split.reason, 'SPLIT');
  const banner = await client.getStringDetails('banner', 'none', { targetingKey: 'bob' });
  assert.equal(banner.value, 'blue');
  assert.equal(banner.reason, 'STATIC');
});

test('a multi-kind context reaches the organization rule', async () => {
  const client = OpenFeature.getClient();
  const details = await client.getBooleanDetails('checkout', false, {
    kind: 'multi',
    user: { targetingKey: 'zed' },
    organization: { targetingKey: 'acme', plan: 'enterprise' },
  });
  assert.equal(details.value, true);
  assert.equal(details.reason, 'TARGETING_MATCH');
  assert.equal(details.flagMetadata.ruleId, 'orgs');
});

test('an unknown flag gives the default with FLAG_NOT_FOUND', async () => {
  const details = await OpenFeature.getClient().getBooleanDetails('nope', true, { targetingKey: 'alice' });
  assert.equal(details.value, true);
  assert.equal(details.errorCode, ErrorCode.FLAG_NOT_FOUND);
});

test('a kill switch is seen by the next evaluation', async () => {
  const r = await s.api('POST', '/api/v1/projects/web/flags/checkout/environments/production/toggle', {
    on: false,
  });
  assert.equal(r.status, 200);
  const details = await OpenFeature.getClient().getBooleanDetails('checkout', true, {
    targetingKey: 'alice',
  });
  assert.equal(details.value, false);
  assert.equal(details.reason, 'DISABLED');
  await s.api('POST', '/api/v1/projects/web/flags/checkout/environments/production/toggle', { on: true });
});

test('a missing targeting key is TARGETING_KEY_MISSING', async () => {
  const r = await fetch(`${s.url}/ofrep/v1/evaluate/flags/checkout`, {
    method: 'POST',
    headers: { authorization: sdkKey, 'content-type': 'application/json' },
    body: JSON.stringify({ context: { plan: 'x' } }),
  });
  assert.equal(r.status, 400);
  assert.equal(((await r.json()) as { errorCode: string }).errorCode, 'TARGETING_KEY_MISSING');
});

test('a wrong SDK key gets 401, and an API token is not an SDK key', async () => {
  for (const key of [
    'sdk-00000000-0000-0000-0000-000000000000',
    'Bearer test-admin-token-0123456789abcdef',
  ]) {
    const r = await fetch(`${s.url}/ofrep/v1/evaluate/flags/checkout`, {
      method: 'POST',
      headers: { authorization: key, 'content-type': 'application/json' },
      body: JSON.stringify({ context: { targetingKey: 'alice' } }),
    });
    assert.equal(r.status, 401);
  }
});

test('bulk evaluation returns every flag with an ETag, and 304 when nothing changed', async () => {
  const post = (etag?: string) =>
    fetch(`${s.url}/ofrep/v1/evaluate/flags`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sdkKey}`,
        'content-type': 'application/json',
        ...(etag ? { 'if-none-match': etag } : {}),
      },
      body: JSON.stringify({ context: { targetingKey: 'alice' } }),
    });
  const first = await post();
  assert.equal(first.status, 200);
  const etag = first.headers.get('etag');
  assert.ok(etag);
  const body = (await first.json()) as { flags: { key: string; value: unknown }[] };
  assert.deepEqual(body.flags.map((f) => f.key).sort(), ['banner', 'checkout']);
  assert.equal((await post(etag)).status, 304);
  await s.api('POST', '/api/v1/projects/web/flags/banner/environments/production/toggle', { on: false });
  const changed = await post(etag);
  assert.equal(changed.status, 200, 'a change to any result changes the ETag');
});

test('browsers get CORS: a preflight, and the headers on a cross-origin response', async () => {
  const preflight = await fetch(`${s.url}/ofrep/v1/evaluate/flags`, {
    method: 'OPTIONS',
    headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
  });
  assert.equal(preflight.status, 204);
  assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /If-None-Match/);
  const r = await fetch(`${s.url}/ofrep/v1/evaluate/flags`, {
    method: 'POST',
    headers: { origin: 'https://app.example', authorization: sdkKey, 'content-type': 'application/json' },
    body: JSON.stringify({ context: { targetingKey: 'alice' } }),
  });
  assert.equal(r.headers.get('access-control-allow-origin'), '*');
  assert.equal(r.headers.get('access-control-expose-headers'), 'ETag');
});

test('a body that is not JSON gets an OFREP PARSE_ERROR, not a crash', async () => {
  const r = await fetch(`${s.url}/ofrep/v1/evaluate/flags/checkout`, {
    method: 'POST',
    headers: { authorization: sdkKey, 'content-type': 'application/json' },
    body: '{"context": ',
  });
  assert.equal(r.status, 400);
  assert.equal(((await r.json()) as { errorCode: string }).errorCode, 'PARSE_ERROR');
});

test('OFREP errors come from the one error table, rendered in OFREP shape', async () => {
  const wrongType = await fetch(`${s.url}/ofrep/v1/evaluate/flags/checkout`, {
    method: 'POST',
    headers: { authorization: sdkKey, 'content-type': 'application/xml' },
    body: '<context/>',
  });
  assert.equal(wrongType.status, 415);
  assert.deepEqual(await wrongType.json(), {
    errorCode: 'PARSE_ERROR',
    errorDetails: 'Send the request body as application/json',
    code: 'UNSUPPORTED_MEDIA_TYPE',
  });
});
