import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from './support/test-server.js';

let s: TestServer;
const env = '/api/v1/projects/shop/flags/banner/environments/production';
const targeting = (fallthrough: number, on: boolean) => ({
  on,
  offVariation: 0,
  fallthrough: { variation: fallthrough },
});

before(async () => {
  s = await startTestServer('sqlite');
  await s.api('POST', '/api/v1/projects', { key: 'shop', name: 'Shop' });
  await s.api('POST', '/api/v1/projects/shop/flags', {
    key: 'banner',
    name: 'Banner',
    variations: ['red', 'blue'],
  });
});
after(() => s.close());

const lastEntry = async () =>
  (await s.api('GET', '/api/v1/audit?project=shop&flag=banner&limit=1')).body.items[0];

test('a revert restores the targeting an audit entry recorded, as a new audited write', async () => {
  await s.api('PUT', env, targeting(0, true));
  const change = await s.api('PUT', env, {
    ...targeting(1, true),
    targets: [{ variation: 0, values: ['vip'] }],
  });
  assert.equal(change.status, 200);
  const entry = await lastEntry();
  assert.equal(entry.action, 'flag.targeting.update');

  const reverted = await s.api('POST', `${env}/revert`, {
    auditId: entry.id,
    comment: 'blue broke checkout',
  });
  assert.equal(reverted.status, 200, JSON.stringify(reverted.body));
  assert.deepEqual(reverted.body.fallthrough, { variation: 0 });
  assert.deepEqual(reverted.body.targets, []);
  assert.ok(reverted.body.version > change.body.version);

  const audit = await lastEntry();
  assert.equal(audit.action, 'flag.targeting.revert');
  assert.equal(audit.comment, 'blue broke checkout');
  assert.deepEqual(audit.before.fallthrough, { variation: 1 });
  assert.deepEqual(audit.after.fallthrough, { variation: 0 });

  const evaluated = await s.api('POST', '/api/v1/projects/shop/environments/production/evaluate', {
    context: { kind: 'user', key: 'someone' },
  });
  assert.equal(evaluated.body.items[0].value, 'red', 'SDK data follows the revert');

  const forward = await s.api('POST', `${env}/revert`, { auditId: entry.id, to: 'after' });
  assert.deepEqual(forward.body.fallthrough, { variation: 1 });
  assert.match((await lastEntry()).comment, new RegExp(`after state of audit entry ${entry.id}`));
});

test('a revert with a stale version is a 409 and changes nothing', async () => {
  const entry = await lastEntry();
  const current = await s.api('GET', '/api/v1/projects/shop/flags/banner');
  const stale = await s.api('POST', `${env}/revert`, {
    auditId: entry.id,
    version: current.body.environments.production.version - 1,
  });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.code, 'VERSION_CONFLICT');
  const now = await s.api('GET', '/api/v1/projects/shop/flags/banner');
  assert.deepEqual(now.body.environments.production, current.body.environments.production);
});

test('an audit entry of another environment or without targeting cannot be reverted to', async () => {
  await s.api('POST', '/api/v1/projects/shop/flags/banner/environments/test/toggle', { on: true });
  const other = await lastEntry();
  assert.equal(other.environmentKey, 'test');
  const wrongEnv = await s.api('POST', `${env}/revert`, { auditId: other.id });
  assert.equal(wrongEnv.status, 400);
  assert.equal(wrongEnv.body.code, 'NOT_REVERTIBLE');
  const missing = await s.api('POST', `${env}/revert`, { auditId: 999999 });
  assert.equal(missing.body.code, 'NOT_REVERTIBLE');
});
