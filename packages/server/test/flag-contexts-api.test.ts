/**
 * Per-flag contexts end to end (docs/adr/0021): events posted to the real ingest routes
 * (server-side /bulk, browser /events/bulk/:envId, mobile /mobile) come back in a
 * flag's insights, attributed only where the events say so, on SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTenant, postEvents, type Tenant, waitFor } from './support/events.js';
import { type Backend, postgresAvailable, startTestServer, type TestServer } from './support/test-server.js';

const pgUp = await postgresAvailable();
if (!pgUp && process.env.CI) throw new Error('PostgreSQL is required under CI but is not reachable');

const feature = (flag: string, key: string, at: number) => ({
  kind: 'feature',
  creationDate: at,
  key: flag,
  value: true,
  variation: 0,
  version: 1,
  context: { kind: 'user', key },
});
const summary = (at: number, flags: string[], extra: Record<string, unknown> = {}) => ({
  kind: 'summary',
  startDate: at,
  endDate: at + 1000,
  features: Object.fromEntries(flags.map((f) => [f, { counters: [{ variation: 0, version: 1, count: 1 }] }])),
  ...extra,
});

for (const backend of ['sqlite', 'postgres'] as Backend[]) {
  describe(`per-flag contexts through the event routes on ${backend}`, {
    skip: backend === 'postgres' && !pgUp ? 'PostgreSQL is not reachable' : false,
  }, () => {
    let s: TestServer;
    let t: Tenant;
    const at = Date.now() - 60_000;
    const path = (flag: string) =>
      `/api/v1/projects/${t.project}/environments/production/insights/flags/${flag}/contexts`;
    const keysOf = async (flag: string) => {
      const r = await s.api('GET', path(flag));
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return (r.body.contexts as { kind: string; key: string }[]).map((c) => `${c.kind}:${c.key}`);
    };

    before(async () => {
      s = await startTestServer(backend);
      t = await createTenant(s, `ctx-${backend}`);
      const posts = [
        // Server-side: a feature event names its context; the summary beside one index event does not.
        postEvents(
          s.url,
          '/bulk',
          [
            { kind: 'index', creationDate: at, context: { kind: 'user', key: 'server-user' } },
            feature('flag-a', 'server-user', at),
            summary(at, ['flag-a', 'flag-b']),
          ],
          { auth: t.sdkKey },
        ),
        // Browser (js-core): a summary that names its context.
        postEvents(s.url, `/events/bulk/${t.clientSideId}`, [
          summary(at, ['flag-b'], { context: { kind: 'user', key: 'browser-user' } }),
        ]),
        // Mobile: one context in the post, identified before the summary began.
        postEvents(
          s.url,
          '/mobile',
          [
            { kind: 'identify', creationDate: at - 5000, context: { kind: 'device', key: 'phone-1' } },
            summary(at, ['flag-c']),
          ],
          { auth: t.mobileKey },
        ),
        // Mobile with two contexts: its summary is attributed to neither.
        postEvents(
          s.url,
          '/mobile/events/bulk',
          [
            { kind: 'identify', creationDate: at - 5000, context: { kind: 'device', key: 'phone-2' } },
            { kind: 'identify', creationDate: at - 4000, context: { kind: 'device', key: 'phone-3' } },
            summary(at, ['flag-d']),
          ],
          { auth: t.mobileKey },
        ),
      ];
      for (const r of await Promise.all(posts)) assert.equal(r.status, 202, JSON.stringify(r.body));
      await waitFor(async () => ((await keysOf('flag-c')).length > 0 ? true : undefined), 'flag-c contexts');
      await waitFor(
        async () =>
          (await keysOf('flag-b')).length > 0 && (await keysOf('flag-a')).length > 0 ? true : undefined,
        'flag-a and flag-b contexts',
      );
      await waitFor(async () => {
        const r = await s.api(
          'GET',
          `/api/v1/projects/${t.project}/environments/production/insights/flags?hours=1`,
        );
        return r.body.flags?.some((f: { key: string }) => f.key === 'flag-d') ? true : undefined;
      }, 'flag-d counted');
    });
    after(() => s?.close());

    test('each flag lists the contexts its events attribute exactly, and says so', async () => {
      assert.deepEqual(await keysOf('flag-a'), ['user:server-user']);
      // server-user's summary count of flag-b is not attributed; the browser's is.
      assert.deepEqual(await keysOf('flag-b'), ['user:browser-user']);
      assert.deepEqual(await keysOf('flag-c'), ['device:phone-1']);
      assert.deepEqual(await keysOf('flag-d'), []);
      const r = await s.api('GET', path('flag-a'));
      assert.equal(r.body.attribution, 'contexts seen in feature events and single-context payloads');
      assert.equal(r.body.key, 'flag-a');
    });

    test('a bad limit is a 400 and an unknown environment a 404', async () => {
      assert.equal((await s.api('GET', `${path('flag-a')}?limit=0`)).status, 400);
      assert.equal((await s.api('GET', `${path('flag-a')}?limit=101`)).status, 400);
      const missing = `/api/v1/projects/${t.project}/environments/nowhere/insights/flags/flag-a/contexts`;
      assert.equal((await s.api('GET', missing)).status, 404);
    });
  });
}
