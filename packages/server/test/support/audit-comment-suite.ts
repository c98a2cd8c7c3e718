/**
 * Audit comments over HTTP: every write to a flag, its targeting or a segment takes an
 * optional `comment` that the audit log returns, run against each store backend.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Backend, startTestServer, type TestServer } from './test-server.js';

export function describeAuditComments(backend: Backend, available: () => Promise<boolean>): void {
  describe(`audit comments on ${backend}`, async () => {
    if (!(await available())) throw new Error(`${backend} is required for these tests but is not reachable`);
    let s: TestServer;
    before(async () => {
      s = await startTestServer(backend);
      await s.api('POST', '/api/v1/projects', { key: 'shop', name: 'Shop' });
    });
    after(() => s.close());

    const latest = async (query: string) => {
      const log = await s.api('GET', `/api/v1/audit?project=shop&${query}&limit=1`);
      assert.equal(log.status, 200);
      return log.body.items[0];
    };

    test('a flag write, a targeting change and a toggle each keep the comment they were given', async () => {
      const created = await s.api('POST', '/api/v1/projects/shop/flags', {
        key: 'checkout',
        name: 'Checkout',
        comment: 'ticket SHOP-12',
      });
      assert.equal(created.status, 201);
      assert.equal((await latest('flag=checkout')).comment, 'ticket SHOP-12');

      const put = await s.api('PUT', '/api/v1/projects/shop/flags/checkout/environments/production', {
        on: false,
        offVariation: 1,
        fallthrough: { variation: 0 },
        comment: 'serve true to everyone once on',
      });
      assert.equal(put.status, 200);
      const targeting = await latest('flag=checkout');
      assert.equal(targeting.action, 'flag.targeting.update');
      assert.equal(targeting.comment, 'serve true to everyone once on');

      const toggle = await s.api(
        'POST',
        '/api/v1/projects/shop/flags/checkout/environments/production/toggle',
        {
          on: true,
          comment: 'launch',
        },
      );
      assert.equal(toggle.status, 200);
      const entry = await latest('flag=checkout');
      assert.equal(entry.action, 'flag.turn-on');
      assert.equal(entry.comment, 'launch');

      const patched = await s.api('PATCH', '/api/v1/projects/shop/flags/checkout', {
        name: 'New checkout',
        comment: 'clearer name',
      });
      assert.equal(patched.status, 200);
      assert.equal((await latest('flag=checkout')).comment, 'clearer name');
    });

    test('a write without a comment records null', async () => {
      await s.api('POST', '/api/v1/projects/shop/flags/checkout/environments/test/toggle', { on: true });
      const entry = await latest('flag=checkout');
      assert.equal(entry.action, 'flag.turn-on');
      assert.equal(entry.environmentKey, 'test');
      assert.equal(entry.comment, null);
    });

    test('segment writes keep their comment, a delete takes it as ?comment=', async () => {
      const base = '/api/v1/projects/shop/environments/production/segments';
      assert.equal((await s.api('POST', base, { key: 'beta', comment: 'beta testers' })).status, 201);
      assert.equal((await latest('segment=beta')).comment, 'beta testers');
      assert.equal((await s.api('PUT', `${base}/beta`, { included: ['a'], comment: 'add a' })).status, 200);
      assert.equal((await latest('segment=beta')).comment, 'add a');
      assert.equal((await s.api('DELETE', `${base}/beta?comment=done`)).status, 204);
      const entry = await latest('segment=beta');
      assert.equal(entry.action, 'segment.delete');
      assert.equal(entry.comment, 'done');
    });

    test('a comment over 500 characters is COMMENT_TOO_LONG and changes nothing', async () => {
      const before = await s.api('GET', '/api/v1/projects/shop/flags/checkout');
      const r = await s.api('POST', '/api/v1/projects/shop/flags/checkout/environments/production/toggle', {
        on: false,
        comment: 'x'.repeat(501),
      });
      assert.equal(r.status, 400);
      assert.equal(r.body.code, 'COMMENT_TOO_LONG');
      assert.equal(r.body.details[0].path, '/comment');
      const now = await s.api('GET', '/api/v1/projects/shop/flags/checkout');
      assert.deepEqual(now.body.environments.production, before.body.environments.production);
      const exactly = await s.api(
        'POST',
        '/api/v1/projects/shop/flags/checkout/environments/production/toggle',
        {
          on: false,
          comment: 'y'.repeat(500),
        },
      );
      assert.equal(exactly.status, 200, '500 characters are allowed');
    });
  });
}
