/**
 * The admin API's behaviour over HTTP, run against each store backend.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Backend, startTestServer, type TestServer } from './test-server.js';

export function describeAdminApi(backend: Backend, available: () => Promise<boolean>): void {
  describe(`admin API on ${backend}`, async () => {
    const ok = await available();
    if (!ok && process.env.CI) throw new Error(`${backend} is required under CI but is not reachable`);
    let s: TestServer;
    before(async () => {
      if (ok) s = await startTestServer(backend);
    });
    after(async () => {
      if (ok) await s.close();
    });
    const it = (name: string, fn: () => Promise<void>) =>
      test(name, { skip: ok ? false : `${backend} is not reachable` }, fn);

    it('answers /health with 200 when the database is up', async () => {
      const r = await s.api('GET', '/health', undefined, null);
      assert.equal(r.status, 200);
      assert.equal(r.body.status, 'ok');
    });

    it('a new project gets production and test environments with distinct credentials', async () => {
      const r = await s.api('POST', '/api/v1/projects', { key: 'shop', name: 'Shop' });
      assert.equal(r.status, 201);
      assert.deepEqual(r.body.environments.map((e: { key: string }) => e.key).sort(), ['production', 'test']);
      const env = await s.api('GET', '/api/v1/projects/shop/environments/production');
      assert.equal(env.status, 200);
      assert.match(env.body.sdkKey, /^sdk-/);
      assert.match(env.body.mobileKey, /^mob-/);
      assert.match(env.body.clientSideId, /^[0-9a-f]{24}$/);
      const other = await s.api('GET', '/api/v1/projects/shop/environments/test');
      assert.notEqual(other.body.sdkKey, env.body.sdkKey);
    });

    it('a project can be created with its own environments and a second one with the same key is a conflict', async () => {
      const r = await s.api('POST', '/api/v1/projects', {
        key: 'ops',
        name: 'Ops',
        environments: [{ key: 'live' }],
      });
      assert.equal(r.status, 201);
      assert.deepEqual(
        r.body.environments.map((e: { key: string }) => e.key),
        ['live'],
      );
      const again = await s.api('POST', '/api/v1/projects', { key: 'ops', name: 'Ops again' });
      assert.equal(again.status, 409);
      assert.equal(again.body.code, 'ALREADY_EXISTS');
    });

    it('rotating the SDK key replaces it', async () => {
      const before = await s.api('GET', '/api/v1/projects/shop/environments/test');
      const r = await s.api('POST', '/api/v1/projects/shop/environments/test/rotate', {
        credential: 'sdkKey',
      });
      assert.equal(r.status, 200);
      assert.notEqual(r.body.sdkKey, before.body.sdkKey);
      assert.equal(r.body.mobileKey, before.body.mobileKey);
    });

    it('a flag is created off in every environment and listed with filters', async () => {
      const r = await s.api('POST', '/api/v1/projects/shop/flags', {
        key: 'new-checkout',
        name: 'New checkout',
        tags: ['checkout'],
      });
      assert.equal(r.status, 201);
      assert.deepEqual(r.body.flag.variations, [true, false]);
      assert.equal(r.body.environments.production.on, false);
      await s.api('POST', '/api/v1/projects/shop/flags', {
        key: 'banner-color',
        name: 'Banner color',
        variations: ['red', 'blue'],
      });
      const tagged = await s.api('GET', '/api/v1/projects/shop/flags?tag=checkout');
      assert.deepEqual(
        tagged.body.items.map((f: { key: string }) => f.key),
        ['new-checkout'],
      );
      const found = await s.api('GET', '/api/v1/projects/shop/flags?q=BANNER');
      assert.deepEqual(
        found.body.items.map((f: { key: string }) => f.key),
        ['banner-color'],
      );
    });

    it('variations must all be of one type', async () => {
      const r = await s.api('POST', '/api/v1/projects/shop/flags', {
        key: 'mixed',
        name: 'Mixed',
        variations: ['a', 1],
      });
      assert.equal(r.status, 400);
      assert.equal(r.body.code, 'INVALID_DATA');
      assert.equal(r.body.details[0].path, '/variations/1');
    });

    it('targeting is updated per environment and a stale version gets 409', async () => {
      const flag = await s.api('GET', '/api/v1/projects/shop/flags/new-checkout');
      const version = flag.body.environments.production.version;
      const body = {
        on: true,
        offVariation: 1,
        fallthrough: { variation: 1 },
        targets: [{ variation: 0, values: ['alice'] }],
        rules: [
          {
            clauses: [{ contextKind: 'user', attribute: 'email', op: 'endsWith', values: ['@shop.com'] }],
            variation: 0,
          },
        ],
        version,
      };
      const r = await s.api('PUT', '/api/v1/projects/shop/flags/new-checkout/environments/production', body);
      assert.equal(r.status, 200);
      assert.equal(r.body.on, true);
      assert.ok(r.body.version > version);
      const stale = await s.api('PUT', '/api/v1/projects/shop/flags/new-checkout/environments/production', {
        ...body,
        on: false,
      });
      assert.equal(stale.status, 409);
      assert.equal(stale.body.code, 'VERSION_CONFLICT');
      const now = await s.api('GET', '/api/v1/projects/shop/flags/new-checkout');
      assert.equal(now.body.environments.production.on, true, 'the stale write changed nothing');
      assert.equal(now.body.environments.test.on, false, 'other environments are untouched');
    });

    it('targeting that points at a variation that does not exist is rejected with its place', async () => {
      const r = await s.api('PUT', '/api/v1/projects/shop/flags/new-checkout/environments/test', {
        on: true,
        offVariation: 1,
        fallthrough: {
          rollout: {
            variations: [
              { variation: 0, weight: 60000 },
              { variation: 5, weight: 30000 },
            ],
          },
        },
      });
      assert.equal(r.status, 400);
      const paths = r.body.details.map((d: { path: string }) => d.path);
      assert.ok(paths.includes('/fallthrough/rollout/variations/1/variation'), JSON.stringify(r.body));
      assert.ok(paths.includes('/fallthrough/rollout/variations'), 'weights that do not add up are named');
    });

    it('of two concurrent writes with the same version, exactly one wins and the other gets 409', async () => {
      const current = await s.api('GET', '/api/v1/projects/shop/flags/new-checkout');
      const version = current.body.environments.test.version;
      const path = '/api/v1/projects/shop/flags/new-checkout/environments/test/toggle';
      const results = await Promise.all([
        s.api('POST', path, { on: true, version }),
        s.api('POST', path, { on: false, version }),
      ]);
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
      const after = await s.api('GET', '/api/v1/projects/shop/flags/new-checkout');
      const winner = results.find((r) => r.status === 200);
      assert.equal(after.body.environments.test.on, winner?.body.on, "the stored state is the winner's");
    });

    it('toggling is the kill switch', async () => {
      const r = await s.api(
        'POST',
        '/api/v1/projects/shop/flags/new-checkout/environments/production/toggle',
        { on: false },
      );
      assert.equal(r.status, 200);
      assert.equal(r.body.on, false);
    });

    it('archiving hides a flag from the default list and from SDK data', async () => {
      const r = await s.api('PATCH', '/api/v1/projects/shop/flags/banner-color', { archived: true });
      assert.equal(r.status, 200);
      const live = await s.api('GET', '/api/v1/projects/shop/flags');
      assert.ok(!live.body.items.some((f: { key: string }) => f.key === 'banner-color'));
      const archived = await s.api('GET', '/api/v1/projects/shop/flags?archived=true');
      assert.deepEqual(
        archived.body.items.map((f: { key: string }) => f.key),
        ['banner-color'],
      );
      const data = await s.api('GET', '/api/v1/projects/shop/environments/production/sdk-data');
      assert.equal(data.body.flags['banner-color'], undefined);
    });

    it("flag states give each flag's on/off, version and last change in one environment", async () => {
      await s.api('POST', '/api/v1/projects', { key: 'states', name: 'States' });
      await s.api('POST', '/api/v1/projects/states/flags', { key: 'b-flag', name: 'B' });
      await s.api('POST', '/api/v1/projects/states/flags', { key: 'a-flag', name: 'A' });
      const created = (await s.api('GET', '/api/v1/projects/states/environments/production/flag-states')).body
        .items;
      assert.deepEqual(
        created.map((f: { key: string; on: boolean }) => [f.key, f.on]),
        [
          ['a-flag', false],
          ['b-flag', false],
        ],
      );
      // Audit times have millisecond resolution: let the clock pass the creations' before the toggle.
      while (new Date().toISOString() <= created[0].lastChangedAt) await new Promise((r) => setTimeout(r, 1));
      const toggled = await s.api(
        'POST',
        '/api/v1/projects/states/flags/b-flag/environments/production/toggle',
        {
          on: true,
        },
      );
      assert.equal(toggled.status, 200);
      const production = (await s.api('GET', '/api/v1/projects/states/environments/production/flag-states'))
        .body.items;
      const [a, b] = production;
      assert.equal(b.on, true);
      assert.ok(b.version > created[1].version, 'the toggle bumps the version SDKs see');
      assert.ok(b.lastChangedAt > a.lastChangedAt, 'the toggle is the latest change of b-flag');
      const test = (await s.api('GET', '/api/v1/projects/states/environments/test/flag-states')).body.items;
      assert.equal(test[1].on, false, 'the other environment is untouched');
      assert.ok(test[1].lastChangedAt < b.lastChangedAt, "another environment's last change is its own");
      const missing = await s.api('GET', '/api/v1/projects/states/environments/nowhere/flag-states');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.code, 'NOT_FOUND');
    });

    it('a deleted flag is gone', async () => {
      await s.api('POST', '/api/v1/projects/shop/flags', { key: 'doomed', name: 'Doomed' });
      assert.equal((await s.api('DELETE', '/api/v1/projects/shop/flags/doomed')).status, 204);
      assert.equal((await s.api('GET', '/api/v1/projects/shop/flags/doomed')).status, 404);
    });

    it('segments are created, updated with versions and deleted', async () => {
      const created = await s.api('POST', '/api/v1/projects/shop/environments/production/segments', {
        key: 'beta',
        name: 'Beta customers',
        included: ['alice'],
        includedContexts: [{ contextKind: 'organization', values: ['acme'] }],
      });
      assert.equal(created.status, 201);
      const updated = await s.api('PUT', '/api/v1/projects/shop/environments/production/segments/beta', {
        included: ['alice', 'bob'],
        version: created.body.version,
      });
      assert.equal(updated.status, 200);
      assert.deepEqual(updated.body.included, ['alice', 'bob']);
      const stale = await s.api('PUT', '/api/v1/projects/shop/environments/production/segments/beta', {
        included: [],
        version: created.body.version,
      });
      assert.equal(stale.status, 409);
      const list = await s.api('GET', '/api/v1/projects/shop/environments/production/segments');
      assert.deepEqual(
        list.body.items.map((x: { key: string }) => x.key),
        ['beta'],
      );
    });

    it('SDK data exports in LaunchDarkly format with every field present', async () => {
      const r = await s.api('GET', '/api/v1/projects/shop/environments/production/sdk-data');
      assert.equal(r.status, 200);
      const flag = r.body.flags['new-checkout'];
      for (const field of [
        'key',
        'version',
        'on',
        'prerequisites',
        'salt',
        'targets',
        'contextTargets',
        'rules',
        'fallthrough',
        'offVariation',
        'variations',
        'clientSideAvailability',
        'trackEvents',
        'trackEventsFallthrough',
        'debugEventsUntilDate',
        'deleted',
      ]) {
        assert.ok(field in flag, `flag JSON has ${field}`);
      }
      assert.deepEqual(r.body.segments.beta.included, ['alice', 'bob']);
    });

    it('SDK data imports into another environment, replacing it, and bumps versions', async () => {
      const exported = await s.api('GET', '/api/v1/projects/shop/environments/production/sdk-data');
      const before = await s.api('GET', '/api/v1/projects/shop/flags/new-checkout');
      const r = await s.api('PUT', '/api/v1/projects/shop/environments/test/sdk-data', exported.body);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const copy = await s.api('GET', '/api/v1/projects/shop/environments/test/sdk-data');
      assert.deepEqual(copy.body.flags['new-checkout'].rules, exported.body.flags['new-checkout'].rules);
      assert.ok(copy.body.flags['new-checkout'].version > before.body.environments.test.version);
      assert.deepEqual(copy.body.segments.beta.included, ['alice', 'bob']);
    });

    it('an import creates flags the project lacks (the migration path from LaunchDarkly)', async () => {
      const ld = {
        flags: {
          'from-ld': {
            key: 'from-ld',
            version: 42,
            on: true,
            variations: ['a', 'b'],
            offVariation: 0,
            fallthrough: {
              rollout: {
                variations: [
                  { variation: 0, weight: 50000 },
                  { variation: 1, weight: 50000 },
                ],
              },
            },
            salt: 'ld-salt',
            clientSide: true,
          },
        },
        segments: {},
      };
      const r = await s.api('PUT', '/api/v1/projects/ops/environments/live/sdk-data', ld);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const flag = await s.api('GET', '/api/v1/projects/ops/flags/from-ld');
      assert.deepEqual(flag.body.flag.variations, ['a', 'b']);
      assert.equal(flag.body.flag.clientSideAvailability.usingEnvironmentId, true);
      assert.equal(flag.body.environments.live.salt, 'ld-salt', 'the salt is kept so buckets do not move');
    });

    it('an invalid import says which flag, which field and why, and changes nothing', async () => {
      const before = await s.api('GET', '/api/v1/projects/shop/environments/test/sdk-data');
      const r = await s.api('PUT', '/api/v1/projects/shop/environments/test/sdk-data', {
        flags: {
          'new-checkout': { ...before.body.flags['new-checkout'], offVariation: 7 },
          broken: {
            variations: [true, false],
            rules: [{ clauses: [{ attribute: 'x', op: 'isCool', values: [] }], variation: 0 }],
          },
        },
      });
      assert.equal(r.status, 400);
      const paths = r.body.details.map((d: { path: string }) => d.path);
      assert.ok(paths.includes('/flags/new-checkout/offVariation'), JSON.stringify(r.body.details));
      assert.ok(paths.includes('/flags/broken/rules/0/clauses/0/op'), JSON.stringify(r.body.details));
      const after = await s.api('GET', '/api/v1/projects/shop/environments/test/sdk-data');
      assert.deepEqual(after.body, before.body);
    });

    it('tokens have roles: a reader cannot write, a project-scoped writer stays in its project', async () => {
      const reader = await s.api('POST', '/api/v1/tokens', { name: 'support', role: 'reader' });
      assert.equal(reader.status, 201);
      assert.match(reader.body.token, /^sy-/);
      const read = await s.api('GET', '/api/v1/projects/shop/flags', undefined, reader.body.token);
      assert.equal(read.status, 200);
      const write = await s.api(
        'POST',
        '/api/v1/projects/shop/flags/new-checkout/environments/test/toggle',
        { on: true },
        reader.body.token,
      );
      assert.equal(write.status, 403);
      assert.equal(write.body.code, 'FORBIDDEN');

      const scoped = await s.api('POST', '/api/v1/tokens', {
        name: 'ops team',
        role: 'writer',
        project: 'ops',
      });
      const mine = await s.api(
        'POST',
        '/api/v1/projects/ops/flags',
        { key: 'ops-flag', name: 'Ops flag' },
        scoped.body.token,
      );
      assert.equal(mine.status, 201);
      const theirs = await s.api(
        'POST',
        '/api/v1/projects/shop/flags',
        { key: 'sneaky', name: 'Sneaky' },
        scoped.body.token,
      );
      assert.equal(theirs.status, 403);
      const tokens = await s.api('GET', '/api/v1/tokens', undefined, scoped.body.token);
      assert.equal(tokens.status, 403, 'only admins manage tokens');
    });

    it('a revoked token stops working at once', async () => {
      const t = await s.api('POST', '/api/v1/tokens', { name: 'temp', role: 'reader' });
      assert.equal((await s.api('DELETE', `/api/v1/tokens/${t.body.id}`)).status, 204);
      const r = await s.api('GET', '/api/v1/projects', undefined, t.body.token);
      assert.equal(r.status, 401);
    });

    it('the audit log records every write with its actor and filters by flag, actor and time', async () => {
      const all = await s.api('GET', '/api/v1/audit?project=shop&flag=new-checkout');
      assert.equal(all.status, 200);
      const actions = all.body.items.map((e: { action: string }) => e.action);
      assert.ok(actions.includes('flag.create'));
      assert.ok(actions.includes('flag.targeting.update'));
      assert.ok(actions.includes('flag.turn-off'));
      const toggle = all.body.items.find((e: { action: string }) => e.action === 'flag.turn-off');
      assert.equal(toggle.before.on, true);
      assert.equal(toggle.after.on, false);
      assert.equal(toggle.actor.kind, 'token');
      const future = await s.api(
        'GET',
        `/api/v1/audit?project=shop&from=${new Date(Date.now() + 3_600_000).toISOString()}`,
      );
      assert.deepEqual(future.body.items, []);
      const byActor = await s.api('GET', `/api/v1/audit?actor=${toggle.actor.id}&limit=500`);
      assert.ok(byActor.body.items.length > 0);
      assert.ok(byActor.body.items.every((e: { actor: { id: string } }) => e.actor.id === toggle.actor.id));
    });

    it('environment credentials do not appear in the audit log', async () => {
      const env = await s.api('GET', '/api/v1/projects/shop/environments/production');
      const log = await s.api('GET', '/api/v1/audit?project=shop&limit=500');
      assert.ok(!JSON.stringify(log.body).includes(env.body.sdkKey));
      assert.ok(!JSON.stringify(log.body).includes(env.body.mobileKey));
    });

    it('serves an OpenAPI document generated from the request schemas', async () => {
      const r = await s.api('GET', '/api/v1/openapi.json', undefined, null);
      assert.equal(r.status, 200);
      assert.match(r.body.openapi, /^3\./);
      const put = r.body.paths['/api/v1/projects/{project}/flags/{flag}/environments/{env}']?.put;
      assert.ok(put?.requestBody, 'the targeting endpoint documents its body');
    });

    it('serves Prometheus metrics', async () => {
      const r = await s.api('GET', '/metrics', undefined, null);
      assert.equal(r.status, 200);
      assert.match(String(r.body), /switchyard_http_requests_total/);
    });

    it('data survives a restart', async () => {
      s = await s.restart();
      const r = await s.api('GET', '/api/v1/projects/shop/flags/new-checkout');
      assert.equal(r.status, 200);
      assert.equal(r.body.flag.name, 'New checkout');
    });
  });
}
