import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { shopServer } from './support/run-cli.js';

const fixture = shopServer();

test('use saves defaults; flags create, list, get, toggle and archive work on them', async () => {
  assert.equal((await fixture.home.run(['use', '--env', 'test'])).code, 0);
  assert.equal(JSON.parse(await readFile(fixture.home.configFile, 'utf8')).profiles.default.env, 'test');
  assert.equal((await fixture.home.run(['use', '--env', 'production'])).code, 0);
  const created = await fixture.home.run([
    'flags',
    'create',
    'new-checkout',
    '--name',
    'New checkout',
    '--tag',
    'checkout',
    '--json',
  ]);
  assert.equal(created.code, 0, created.stderr);
  assert.deepEqual(created.json().flag.variations, [true, false]);
  const tier = await fixture.home.run([
    'flags',
    'create',
    'tier',
    '--variations',
    '["free","pro"]',
    '--json',
  ]);
  assert.deepEqual(tier.json().flag.variations, ['free', 'pro']);
  const on = await fixture.home.run(['flags', 'toggle', 'new-checkout', '--on', '--json']);
  assert.equal(on.json().on, true);
  assert.equal(
    (await fixture.s.api('GET', '/api/v1/projects/shop/flags/new-checkout')).body.environments.production.on,
    true,
  );
  const list = await fixture.home.run(['flags', 'list', '--json']);
  assert.deepEqual(
    list.json().map((f: { key: string; on: boolean }) => [f.key, f.on]),
    [
      ['new-checkout', true],
      ['tier', false],
    ],
  );
  const table = await fixture.home.run(['flags', 'list', '--tag', 'checkout']);
  assert.match(
    table.stdout,
    /^KEY +NAME +PRODUCTION +VARIATIONS +TAGS\nnew-checkout +New checkout +on +true false +checkout\n$/,
  );
  assert.ok(!table.stdout.includes('\u001b['), 'no colour when stdout is not a terminal');
  const got = await fixture.home.run(['flags', 'get', 'new-checkout', '--env', 'test', '--json']);
  assert.equal(got.json().environments.test.on, false);
  const archived = await fixture.home.run(['flags', 'archive', 'tier', '--json']);
  assert.equal(archived.json().archived, true);
  const left = await fixture.home.run(['flags', 'list', '--json']);
  assert.deepEqual(
    left.json().map((f: { key: string }) => f.key),
    ['new-checkout'],
  );
});

test('a bad or unknown flag key exits 1 with the API code', async () => {
  const unknown = await fixture.home.run(['flags', 'get', 'no-such-flag']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /Flag "shop\/no-such-flag" does not exist \(NOT_FOUND\)/);
  const bad = await fixture.home.run(['flags', 'create', 'bad key!', '--json']);
  assert.equal(bad.code, 1);
  const error = JSON.parse(bad.stderr).error;
  assert.equal(error.code, 'VALIDATION_FAILED');
  assert.ok(
    error.details.some((d: { path: string }) => d.path === '/key'),
    JSON.stringify(error),
  );
});

/** What the server's OFREP endpoint serves `kind:key` (through `evaluate`), by individual target. */
async function assertServed(key: string, kind: string, value: boolean) {
  const result = await fixture.home.run(['evaluate', 'new-checkout', '--key', key, '--kind', kind, '--json']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual([result.json().value, result.json().reason], [value, 'TARGETING_MATCH'], `${kind}:${key}`);
}

test('flags target adds and removes keys by variation value and kind', async () => {
  const added = await fixture.home.run([
    'flags',
    'target',
    'new-checkout',
    '--add',
    'acme,globex',
    '--variation',
    'true',
    '--kind',
    'account',
    '--json',
  ]);
  assert.equal(added.code, 0, added.stderr);
  assert.deepEqual(added.json().contextTargets, [
    { contextKind: 'account', variation: 0, values: ['acme', 'globex'] },
  ]);
  const users = await fixture.home.run([
    'flags',
    'target',
    'new-checkout',
    '--add',
    'u1',
    '--variation',
    'false',
    '--json',
  ]);
  assert.deepEqual(users.json().targets, [{ contextKind: 'user', variation: 1, values: ['u1'] }]);
  // With an account targeted, the user target needs its placeholder in contextTargets or SDKs skip it.
  await assertServed('u1', 'user', false);
  await assertServed('acme', 'account', true);
  const placeholder = { contextKind: 'user', variation: 1, values: [] };
  assert.deepEqual(users.json().contextTargets, [
    placeholder,
    { contextKind: 'account', variation: 0, values: ['acme', 'globex'] },
  ]);
  const moved = await fixture.home.run([
    'flags',
    'target',
    'new-checkout',
    '--add',
    'globex',
    '--variation',
    'false',
    '--kind',
    'account',
    '--json',
  ]);
  assert.deepEqual(moved.json().contextTargets, [
    placeholder,
    { contextKind: 'account', variation: 0, values: ['acme'] },
    { contextKind: 'account', variation: 1, values: ['globex'] },
  ]);
  const removed = await fixture.home.run([
    'flags',
    'target',
    'new-checkout',
    '--remove',
    'globex',
    '--kind',
    'account',
    '--json',
  ]);
  assert.deepEqual(removed.json().contextTargets, [
    placeholder,
    { contextKind: 'account', variation: 0, values: ['acme'] },
  ]);
  await assertServed('u1', 'user', false);
  const wrong = await fixture.home.run([
    'flags',
    'target',
    'new-checkout',
    '--add',
    'x',
    '--variation',
    '"blue"',
  ]);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /has no variation "blue"; its variations are true, false/);
});

test('flags rules add from a clause or a JSON file, list and remove', async () => {
  const added = await fixture.home.run([
    'flags',
    'rules',
    'add',
    'new-checkout',
    '--clause',
    'user.email endsWith @acme.com',
    '--clause',
    'user.age greaterThan 17',
    '--serve',
    'false',
    '--id',
    'acme-staff',
    '--json',
  ]);
  assert.equal(added.code, 0, added.stderr);
  assert.deepEqual(added.json().rules[0], {
    id: 'acme-staff',
    clauses: [
      { contextKind: 'user', attribute: 'email', op: 'endsWith', values: ['@acme.com'], negate: false },
      { contextKind: 'user', attribute: 'age', op: 'greaterThan', values: [17], negate: false },
    ],
    variation: 1,
    trackEvents: false,
  });
  const file = join(fixture.home.dir, 'rule.json');
  await writeFile(
    file,
    JSON.stringify({ id: 'beta', clauses: [{ op: 'segmentMatch', values: ['beta'] }], variation: 0 }),
  );
  const fromFile = await fixture.home.run([
    'flags',
    'rules',
    'add',
    'new-checkout',
    '--file',
    file,
    '--position',
    '0',
    '--json',
  ]);
  assert.equal(fromFile.code, 0, fromFile.stderr);
  assert.deepEqual(
    fromFile.json().rules.map((r: { id: string }) => r.id),
    ['beta', 'acme-staff'],
  );
  const listed = await fixture.home.run(['flags', 'rules', 'list', 'new-checkout']);
  assert.match(
    listed.stdout,
    /1 +acme-staff +user\.email endsWith @acme\.com and user\.age greaterThan 17 → false/,
  );
  const removed = await fixture.home.run(['flags', 'rules', 'remove', 'new-checkout', 'beta', '--json']);
  assert.deepEqual(
    removed.json().rules.map((r: { id: string }) => r.id),
    ['acme-staff'],
  );
  const bad = await fixture.home.run([
    'flags',
    'rules',
    'add',
    'new-checkout',
    '--clause',
    'user.email resembles x',
    '--serve',
    'true',
  ]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /"resembles" is not an operator/);
});

test('evaluate answers through OFREP what the targeting serves', async () => {
  const acme = await fixture.home.run([
    'evaluate',
    'new-checkout',
    '--key',
    'acme',
    '--kind',
    'account',
    '--json',
  ]);
  assert.equal(acme.code, 0, acme.stderr);
  assert.equal(acme.json().value, true);
  assert.equal(acme.json().reason, 'TARGETING_MATCH');
  const staff = await fixture.home.run([
    'evaluate',
    'new-checkout',
    '--context',
    '{"key":"u9","email":"a@acme.com","age":30}',
    '--json',
  ]);
  assert.equal(staff.json().value, false);
  assert.equal(staff.json().metadata.ruleId, 'acme-staff');
  const missing = await fixture.home.run(['evaluate', 'no-such-flag', '--key', 'u1']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /FLAG_NOT_FOUND/);
});

test("flags history lists the flag's audit entries, newest first", async () => {
  const history = await fixture.home.run(['flags', 'history', 'new-checkout', '--json']);
  assert.equal(history.code, 0, history.stderr);
  const actions = history.json().map((e: { action: string }) => e.action);
  assert.equal(actions.at(-1), 'flag.create');
  assert.ok(actions.includes('flag.turn-on'), actions.join());
  assert.ok(history.json().every((e: { resourceKey: string }) => e.resourceKey === 'new-checkout'));
});
