import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shopServer } from './support/run-cli.js';

const fixture = shopServer();

test('flags revert --to puts back the targeting of an earlier version, found in the audit log', async () => {
  const created = await fixture.home.run(['flags', 'create', 'revertable', '--json']);
  assert.equal(created.code, 0, created.stderr);
  // Versions are the environment's data versions, shared by its flags and segments.
  const createdVersion: number = created.json().environments.production.version;
  await fixture.home.run(['flags', 'toggle', 'revertable', '--on']);
  const targeted = await fixture.home.run([
    'flags',
    'target',
    'revertable',
    '--add',
    'acme',
    '--variation',
    'true',
    '--kind',
    'account',
    '--json',
  ]);
  assert.equal(targeted.code, 0, targeted.stderr);
  const targetedVersion: number = targeted.json().version;
  await fixture.home.run(['flags', 'toggle', 'revertable', '--off']);
  const history = await fixture.home.run(['flags', 'history', 'revertable']);
  assert.match(history.stdout, /VERSION\n/);
  assert.match(
    history.stdout,
    new RegExp(`flag\\.targeting\\.update +shop/production/revertable +${targetedVersion}\\n`),
  );

  const back = await fixture.home.run([
    'flags',
    'revert',
    'revertable',
    '--to',
    String(targetedVersion),
    '--json',
  ]);
  assert.equal(back.code, 0, back.stderr);
  assert.equal(back.json().on, true);
  assert.deepEqual(back.json().contextTargets, [{ contextKind: 'account', variation: 0, values: ['acme'] }]);
  assert.ok(back.json().version > targetedVersion + 1, 'a revert is a new version');
  const stored = (await fixture.s.api('GET', '/api/v1/projects/shop/flags/revertable')).body.environments
    .production;
  assert.equal(stored.on, true);
  assert.deepEqual(stored.contextTargets, back.json().contextTargets);

  // The first version was written with the flag: only the first change's `before` holds it.
  const first = await fixture.home.run(['flags', 'revert', 'revertable', '--to', String(createdVersion)]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(
    first.stdout,
    new RegExp(`revertable in production is back to version ${createdVersion}, as version \\d+\\.`),
  );
  const original = (await fixture.s.api('GET', '/api/v1/projects/shop/flags/revertable')).body.environments
    .production;
  assert.equal(original.on, false);
  assert.deepEqual(original.contextTargets, []);
  const entries = (await fixture.s.api('GET', '/api/v1/audit?project=shop&flag=revertable&limit=1')).body
    .items;
  assert.equal(entries[0].action, 'flag.targeting.revert');

  const undo = await fixture.home.run([
    'flags',
    'revert',
    'revertable',
    '--audit',
    String(entries[0].id),
    '--json',
  ]);
  assert.equal(undo.code, 0, undo.stderr);
  assert.equal(undo.json().on, true);

  const missing = await fixture.home.run(['flags', 'revert', 'revertable', '--to', '99999', '--json']);
  assert.equal(missing.code, 1);
  assert.equal(JSON.parse(missing.stderr).error.code, 'VERSION_NOT_FOUND');
  const otherEnv = await fixture.home.run([
    'flags',
    'revert',
    'revertable',
    '--to',
    String(targetedVersion),
    '--env',
    'test',
  ]);
  assert.equal(otherEnv.code, 1, 'the test environment never had that version');
  for (const args of [['--to', 'abc'], ['--to', '2', '--audit', '3'], []]) {
    const wrong = await fixture.home.run(['flags', 'revert', 'revertable', ...args]);
    assert.equal(wrong.code, 2, `${args.join(' ')}: ${wrong.stderr}`);
  }
});
