import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './support/test-server.js';

let s: TestServer;
let snapshot: unknown;

async function state(): Promise<unknown> {
  return {
    projects: (await s.api('GET', '/api/v1/projects')).body,
    flags: (await s.api('GET', '/api/v1/projects/app/flags')).body,
    data: (await s.api('GET', '/api/v1/projects/app/environments/production/sdk-data')).body,
  };
}

before(async () => {
  s = await startTestServer('sqlite');
  await s.api('POST', '/api/v1/projects', { key: 'app', name: 'App' });
  await s.api('POST', '/api/v1/projects/app/flags', { key: 'f', name: 'F' });
  snapshot = await state();
});

after(async () => {
  assert.deepEqual(await state(), snapshot, 'no hostile request changed anything');
  await s.close();
});

async function raw(method: string, path: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${s.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as { code: string; message: string } };
}

test('malformed JSON gets 400 INVALID_JSON', async () => {
  const r = await raw('POST', '/api/v1/projects/app/flags', '{"key": "x", ');
  assert.equal(r.status, 400);
  assert.equal(r.body.code, 'INVALID_JSON');
});

test('a body of the wrong type gets 400 VALIDATION_FAILED naming the field', async () => {
  const r = await s.api('POST', '/api/v1/projects/app/flags', { key: 'x', name: 42 });
  assert.equal(r.status, 400);
  assert.equal(r.body.code, 'VALIDATION_FAILED');
  assert.ok(
    r.body.details.some((d: { path: string }) => d.path === '/name'),
    JSON.stringify(r.body),
  );
});

test('unknown keys are rejected, not silently dropped', async () => {
  const r = await s.api('POST', '/api/v1/projects/app/flags', { key: 'x', name: 'X', onn: true });
  assert.equal(r.status, 400);
  assert.equal(r.body.code, 'VALIDATION_FAILED');
});

test('an oversized body gets 413', async () => {
  const r = await raw(
    'POST',
    '/api/v1/projects/app/flags',
    JSON.stringify({ key: 'x', name: 'x'.repeat(2 * 1024 * 1024) }),
  );
  assert.equal(r.status, 413);
  assert.equal(r.body.code, 'PAYLOAD_TOO_LARGE');
});

test('injection strings in keys are rejected by the key pattern', async () => {
  for (const key of [
    "x'; DROP TABLE flags; --",
    '../../etc/passwd',
    '<script>alert(1)</script>',
    'a b',
    '',
    'ключ',
  ]) {
    const r = await s.api('POST', '/api/v1/projects/app/flags', { key, name: 'Evil' });
    assert.equal(r.status, 400, key);
    assert.equal(r.body.code, 'VALIDATION_FAILED');
  }
  const inPath = await s.api('GET', `/api/v1/projects/${encodeURIComponent("app' OR '1'='1")}/flags`);
  assert.equal(inPath.status, 400);
});

test('a missing or wrong token gets 401', async () => {
  assert.equal((await s.api('GET', '/api/v1/projects', undefined, null)).status, 401);
  const wrong = await s.api('GET', '/api/v1/projects', undefined, 'sy-not-a-real-token');
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.code, 'UNAUTHORIZED');
});

test('an SDK key on the admin API gets 401 and says why', async () => {
  const env = await s.api('GET', '/api/v1/projects/app/environments/production');
  for (const header of [env.body.sdkKey, `Bearer ${env.body.sdkKey}`, env.body.mobileKey]) {
    const response = await fetch(`${s.url}/api/v1/projects`, { headers: { authorization: header } });
    const body = (await response.json()) as { code: string; message: string };
    assert.equal(response.status, 401);
    assert.match(body.message, /SDK or mobile key/);
  }
});

test('a string where a number belongs and a non-object body are rejected', async () => {
  const r = await s.api('PUT', '/api/v1/projects/app/flags/f/environments/production', {
    on: 'yes',
    offVariation: '1',
    fallthrough: { variation: 'zero' },
  });
  assert.equal(r.status, 400);
  const arrayBody = await s.api('POST', '/api/v1/projects/app/flags', [1, 2, 3]);
  assert.equal(arrayBody.status, 400);
});

test('a clause operator that does not exist is named in the error', async () => {
  const r = await s.api('PUT', '/api/v1/projects/app/flags/f/environments/production', {
    on: true,
    offVariation: 1,
    fallthrough: { variation: 0 },
    rules: [{ clauses: [{ contextKind: 'user', attribute: '//', op: 'sortOf', values: [] }], variation: 0 }],
  });
  assert.equal(r.status, 400);
  const paths = r.body.details.map((d: { path: string }) => d.path);
  assert.ok(paths.includes('/rules/0/clauses/0/op'));
  assert.ok(paths.includes('/rules/0/clauses/0/attribute'));
});

test('unknown routes get a JSON 404, and errors never leak internals', async () => {
  const r = await s.api('GET', '/api/v1/nothing-here');
  assert.equal(r.status, 404);
  assert.equal(r.body.code, 'ROUTE_NOT_FOUND');
});

test('a bad URL or an overlong path parameter gets our error body with a stable code', async () => {
  const long = await fetch(`${s.url}/api/v1/projects/${'a'.repeat(9000)}`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  assert.equal(long.status, 414);
  assert.equal(((await long.json()) as { code: string }).code, 'URL_PARAM_TOO_LONG');
  const bad = await fetch(`${s.url}/api/v1/projects/%E0%A4%A`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  assert.equal(bad.status, 400);
  assert.equal(((await bad.json()) as { code: string }).code, 'INVALID_URL');
});
