import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { shopServer } from './support/run-cli.js';

const fixture = shopServer();

const segment = async () =>
  (await fixture.s.api('GET', '/api/v1/projects/shop/environments/production/segments/beta')).body;

test('segments create, then thousands of keys added from stdin and removed from a file, one request each', async () => {
  const created = await fixture.home.run(['segments', 'create', 'beta', '--name', 'Beta testers', '--json']);
  assert.equal(created.code, 0, created.stderr);
  assert.equal(created.json().name, 'Beta testers');
  const keys = Array.from({ length: 5000 }, (_, i) => `user-${i}`);
  const added = await fixture.home.run(['segments', 'add-keys', 'beta', '--json'], {
    input: `${keys.join('\n')}\n\n# done\n`,
  });
  assert.equal(added.code, 0, added.stderr);
  assert.equal(added.json().included.length, 5000);
  assert.equal(added.json().version, created.json().version + 1, 'one write for all the keys');
  const file = join(fixture.home.dir, 'gone.txt');
  await writeFile(file, keys.slice(0, 1000).join('\n'));
  const removed = await fixture.home.run(['segments', 'remove-keys', 'beta', '--file', file, '--json']);
  assert.equal(removed.code, 0, removed.stderr);
  assert.equal((await segment()).included.length, 4000);
  assert.ok(!(await segment()).included.includes('user-0'));
  const accounts = await fixture.home.run(['segments', 'add-keys', 'beta', '--kind', 'account', '--json'], {
    input: 'acme\nglobex\n',
  });
  assert.deepEqual(accounts.json().includedContexts, [
    { contextKind: 'account', values: ['acme', 'globex'] },
  ]);
  const list = await fixture.home.run(['segments', 'list', '--json']);
  assert.deepEqual(
    list.json().map((x: { key: string }) => x.key),
    ['beta'],
  );
  const got = await fixture.home.run(['segments', 'get', 'beta']);
  assert.match(got.stdout, /included: +4000/);
  const unknown = await fixture.home.run(['segments', 'add-keys', 'nope'], { input: 'a\n' });
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /NOT_FOUND/);
});

test('envs list and keys; rotate asks first, refuses without --yes off a terminal, and rotates with it', async () => {
  const list = await fixture.home.run(['envs', 'list', '--json']);
  assert.deepEqual(
    list.json().map((e: { key: string }) => e.key),
    ['production', 'test'],
  );
  const keys = (await fixture.home.run(['envs', 'keys', '--json'])).json();
  assert.match(keys.sdkKey, /^sdk-/);
  const refused = await fixture.home.run(['envs', 'rotate', 'sdk']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /Pass --yes/);
  assert.equal(
    (await fixture.home.run(['envs', 'keys', '--json'])).json().sdkKey,
    keys.sdkKey,
    'nothing rotated',
  );
  const rotated = await fixture.home.run(['envs', 'rotate', 'sdk', '--yes', '--json']);
  assert.equal(rotated.code, 0, rotated.stderr);
  assert.notEqual(rotated.json().value, keys.sdkKey);
  assert.equal((await fixture.home.run(['envs', 'keys', '--json'])).json().sdkKey, rotated.json().value);
  assert.equal((await fixture.home.run(['envs', 'rotate', 'password', '--yes'])).code, 2);
});

test('export writes the sdk-data; import --dry-run lists the changes and sends nothing; import applies them', async () => {
  assert.equal((await fixture.home.run(['flags', 'create', 'banner'])).code, 0);
  assert.equal((await fixture.home.run(['flags', 'toggle', 'banner', '--on'])).code, 0);
  const stdout = await fixture.home.run(['export']);
  assert.equal(stdout.code, 0, stdout.stderr);
  assert.equal(JSON.parse(stdout.stdout).flags.banner.on, true);
  const file = join(fixture.home.dir, 'production.json');
  const written = await fixture.home.run(['export', '-o', file, '--json']);
  assert.deepEqual(written.json(), { file, flags: 1, segments: 1 });
  const before = (await fixture.s.api('GET', '/api/v1/projects/shop/environments/test/sdk-data')).body;
  const dry = await fixture.home.run(['import', file, '--env', 'test', '--dry-run', '--json']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.deepEqual(dry.json(), {
    dryRun: true,
    changes: [
      { kind: 'flag', key: 'banner', change: 'update' },
      { kind: 'segment', key: 'beta', change: 'create' },
    ],
  });
  assert.deepEqual(
    (await fixture.s.api('GET', '/api/v1/projects/shop/environments/test/sdk-data')).body,
    before,
  );
  const human = await fixture.home.run(['import', file, '--env', 'test', '--dry-run']);
  assert.match(
    human.stdout,
    /update +flag +banner\ncreate +segment +beta\n2 change\(s\), 0 unchanged; nothing was sent/,
  );
  const applied = await fixture.home.run(['import', file, '--env', 'test', '--json']);
  assert.equal(applied.code, 0, applied.stderr);
  assert.deepEqual(applied.json(), { flags: 1, segments: 1, flagsReset: 0, segmentsDeleted: 0 });
  const after = (await fixture.s.api('GET', '/api/v1/projects/shop/environments/test/sdk-data')).body;
  assert.equal(after.flags.banner.on, true);
  assert.equal(after.segments.beta.included.length, 4000);
});

test('a LaunchDarkly flag file in YAML imports, its flagValues serving one value to everyone', async () => {
  const file = join(fixture.home.dir, 'ld-flags.yaml');
  await writeFile(file, 'flagValues:\n  banner: false\n  theme: dark\n');
  const result = await fixture.home.run(['import', file, '--env', 'test', '--json']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.json().segmentsDeleted, 1);
  const data = (await fixture.s.api('GET', '/api/v1/projects/shop/environments/test/sdk-data')).body;
  assert.equal(data.flags.banner.variations[data.flags.banner.fallthrough.variation], false);
  assert.deepEqual(data.flags.theme.variations, ['dark']);
  const theme = await fixture.home.run(['evaluate', 'theme', '--key', 'u1', '--env', 'test', '--json']);
  assert.equal(theme.json().value, 'dark');
});

test('a file import with errors changes nothing and lists every problem', async () => {
  const before = (await fixture.s.api('GET', '/api/v1/projects/shop/environments/test/sdk-data')).body;
  const file = join(fixture.home.dir, 'broken.json');
  await writeFile(
    file,
    JSON.stringify({
      flags: {
        banner: { on: true, variations: [true, false], fallthrough: { variation: 7 } },
        theme: {
          on: true,
          variations: ['dark'],
          rules: [{ clauses: [{ attribute: 'email', op: 'resembles', values: ['x'] }], variation: 0 }],
        },
      },
    }),
  );
  const result = await fixture.home.run(['import', file, '--env', 'test']);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /nothing was changed \(INVALID_DATA\)/);
  assert.match(result.stderr, /\/flags\/banner\/fallthrough\/variation: /);
  assert.match(result.stderr, /\/flags\/theme\/rules\/0\/clauses\/0\/op: /);
  assert.deepEqual(
    (await fixture.s.api('GET', '/api/v1/projects/shop/environments/test/sdk-data')).body,
    before,
  );
  const notJson = join(fixture.home.dir, 'not.json');
  await writeFile(notJson, '{"flags": ');
  const unreadable = await fixture.home.run(['import', notJson, '--env', 'test']);
  assert.equal(unreadable.code, 1);
  assert.match(unreadable.stderr, /is not valid JSON/);
  assert.deepEqual(
    (await fixture.s.api('GET', '/api/v1/projects/shop/environments/test/sdk-data')).body,
    before,
  );
});
