import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from './support/test-server.js';

// A change to a few items is read and prepared alone (environment-snapshots.ts); these tests hold
// the patched data to what a whole read of the same store gives, which a restart does.

let s: TestServer;
let sdkKey = '';
const env = '/api/v1/projects/shop/environments/production';
const flagEnv = (flag: string) => `/api/v1/projects/shop/flags/${flag}/environments/production`;
const CONTEXTS = [
  { kind: 'user', key: 'ann', email: 'ann@example.org' },
  { kind: 'user', key: 'bob', email: 'bob@example.com' },
  { kind: 'user', key: 'cy', email: 'cy@example.net' },
];

before(async () => {
  s = await startTestServer('sqlite');
  await s.api('POST', '/api/v1/projects', { key: 'shop', name: 'Shop' });
  sdkKey = (await s.api('GET', env)).body.sdkKey;
  for (const key of ['banner', 'checkout', 'search', 'legacy']) {
    await s.api('POST', '/api/v1/projects/shop/flags', { key, name: key });
  }
});
after(() => s.close());

/** What SDKs get (the JSON) and what evaluation gives (the prepared snapshot), for every context. */
async function served() {
  const all = await fetch(`${s.url}/sdk/latest-all`, { headers: { authorization: sdkKey } });
  assert.equal(all.status, 200);
  const evaluations = [];
  for (const context of CONTEXTS) {
    const bulk = await fetch(`${s.url}/ofrep/v1/evaluate/flags`, {
      method: 'POST',
      headers: { authorization: sdkKey, 'content-type': 'application/json' },
      body: JSON.stringify({ context: { targetingKey: context.key, ...context } }),
    });
    assert.equal(bulk.status, 200);
    const flags = ((await bulk.json()) as { flags: { key: string }[] }).flags;
    evaluations.push(flags.sort((a, b) => a.key.localeCompare(b.key)));
  }
  return { data: await all.json(), evaluations };
}

const value = (got: Awaited<ReturnType<typeof served>>, context: number, flag: string) =>
  (got.evaluations[context] as { key: string; value?: unknown }[]).find((f) => f.key === flag)?.value;

test('flags and segments changed one at a time are served as a whole read of the store serves them', async () => {
  await s.api('POST', `${env}/segments`, { key: 'staff', name: 'Staff', included: ['ann'] });
  await s.api('PUT', flagEnv('banner'), {
    on: true,
    offVariation: 1,
    fallthrough: { variation: 1 },
    rules: [
      {
        clauses: [{ contextKind: 'user', attribute: 'key', op: 'segmentMatch', values: ['staff'] }],
        variation: 0,
      },
    ],
  });
  let got = await served();
  assert.equal(value(got, 0, 'banner'), true, 'ann is in the segment the rule names');
  assert.equal(value(got, 1, 'banner'), false, 'bob is not');

  // The segment alone changes: the flag's prepared rule must see the new segment.
  const { version } = (await s.api('GET', `${env}/segments/staff`)).body;
  const put = await s.api('PUT', `${env}/segments/staff`, {
    name: 'Staff',
    included: ['ann', 'bob'],
    version,
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  got = await served();
  assert.equal(value(got, 1, 'banner'), true, 'bob joined the segment');

  await s.api('POST', `${flagEnv('checkout')}/toggle`, { on: true });
  await s.api('PATCH', '/api/v1/projects/shop/flags/search', { variations: ['a', 'b'] });
  await s.api('POST', `${flagEnv('search')}/toggle`, { on: true });
  await s.api('PATCH', '/api/v1/projects/shop/flags/legacy', { archived: true });
  await s.api('POST', '/api/v1/projects/shop/flags', { key: 'fresh', name: 'Fresh' });
  await s.api('DELETE', `${env}/segments/staff`);
  got = await served();
  assert.equal(value(got, 0, 'checkout'), true, 'the toggled flag is on');
  assert.equal(value(got, 0, 'search'), 'a', 'the flag with new variations serves them');
  assert.equal(value(got, 0, 'banner'), false, 'with its segment gone, the rule matches no one');
  const flags = (got.data as { flags: Record<string, unknown> }).flags;
  assert.ok(flags.fresh, 'the new flag is served');
  assert.equal(flags.legacy, undefined, 'the archived flag is not');
  assert.deepEqual(
    Object.keys((got.data as { segments: object }).segments),
    [],
    'the deleted segment is gone',
  );

  s = await s.restart();
  assert.deepEqual(await served(), got, 'a whole read after a restart serves the same data and evaluations');
});
