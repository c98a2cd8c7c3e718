import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bodySurfaces, type PublicCredentials, webProjectWithClientFlag } from './support/public-surfaces.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let s: TestServer;
let env: PublicCredentials;
const base = '/api/v1/projects/web';
/** Patterns JavaScript accepts but RE2 does not: a back-reference and a look-ahead. */
const UNCOMPILABLE = ['(a)\\1', 'a(?=b)'];
const clause = (values: string[]) => ({ contextKind: 'user', attribute: 'name', op: 'matches', values });

before(async () => {
  s = await startTestServer('sqlite');
  env = await webProjectWithClientFlag(s, 'f');
});

after(() => s.close());

test('a flag rule with patterns RE2 cannot compile is saved, answered with a warning per pattern, and never matches', async () => {
  const put = await s.api('PUT', `${base}/flags/f/environments/production`, {
    on: true,
    offVariation: 0,
    fallthrough: { variation: 0 },
    rules: [{ id: 'r', clauses: [clause([...UNCOMPILABLE, '^ok$'])], variation: 1 }],
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.deepEqual(
    put.body.warnings.map((w: { path: string }) => w.path),
    ['/rules/0/clauses/0/values/0', '/rules/0/clauses/0/values/1'],
  );
  assert.match(put.body.warnings[0].message, /never matches: RE2 cannot compile/);
  const got = await s.api('GET', `${base}/flags/f`);
  assert.equal(got.body.warnings[0].path, '/environments/production/rules/0/clauses/0/values/0');

  const report = bodySurfaces(s.url, env, 'f')['client-side REPORT'];
  assert.ok(report);
  assert.equal((await report(JSON.stringify({ key: 'k', name: 'aa' }))).body.f.value, false);
  assert.equal((await report(JSON.stringify({ key: 'k', name: 'ab' }))).body.f.value, false);
  assert.equal(
    (await report(JSON.stringify({ key: 'k', name: 'ok' }))).body.f.value,
    true,
    'the valid pattern',
  );
});

test('a segment with such a pattern is answered with a warning', async () => {
  const created = await s.api('POST', `${base}/environments/production/segments`, {
    key: 'seg',
    rules: [{ clauses: [clause(['(?<=x)y'])] }],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.warnings[0].path, '/rules/0/clauses/0/values/0');
  const got = await s.api('GET', `${base}/environments/production/segments/seg`);
  assert.equal(got.body.warnings.length, 1);
});

test('LaunchDarkly data holding such patterns imports, and the import and /status list them', async () => {
  const staging = await s.api('POST', `${base}/environments`, { key: 'staging', name: 'Staging' });
  assert.equal(staging.status, 201, JSON.stringify(staging.body));
  const imported = await s.api('PUT', `${base}/environments/staging/sdk-data`, {
    flags: {
      ld: {
        key: 'ld',
        version: 1,
        on: true,
        variations: [false, true],
        offVariation: 0,
        fallthrough: { variation: 0 },
        rules: [{ id: 'x', clauses: [clause(UNCOMPILABLE)], variation: 1 }],
        salt: 's',
      },
    },
    segments: {},
  });
  assert.equal(imported.status, 200, JSON.stringify(imported.body));
  assert.deepEqual(
    imported.body.warnings.map((w: { path: string }) => w.path),
    ['/flags/ld/rules/0/clauses/0/values/0', '/flags/ld/rules/0/clauses/0/values/1'],
  );
  const status = (await fetch(`${s.url}/status`).then((r) => r.json())) as {
    environments: {
      project: string;
      environment: string;
      patternWarnings: { item: string; path: string }[];
    }[];
  };
  const stagingStatus = status.environments.find((e) => e.project === 'web' && e.environment === 'staging');
  assert.deepEqual(
    stagingStatus?.patternWarnings.map((w) => `${w.item} ${w.path}`),
    ['flags/ld /rules/0/clauses/0/values/0', 'flags/ld /rules/0/clauses/0/values/1'],
  );
  const production = status.environments.find((e) => e.project === 'web' && e.environment === 'production');
  assert.deepEqual(production?.patternWarnings.map((w) => w.item).sort(), [
    'flags/f',
    'flags/f',
    'segments/seg',
  ]);
});
