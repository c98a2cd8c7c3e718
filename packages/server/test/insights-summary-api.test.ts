/**
 * The flag list's insight summary, a flag's per-environment totals and custom events per
 * hour, on both databases. Counts arrive through the real ingest path and consumer; the
 * 30-day stale cases backdate flags and apply old batches to the insights store directly.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { evaluatedAgo, flagCreatedAgo, summaryEvent } from './support/backdate.js';
import { createTenant, postEvents, type Tenant, waitFor } from './support/events.js';
import { type Backend, postgresAvailable, startTestServer, type TestServer } from './support/test-server.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const thisHour = () => Math.floor(Date.now() / HOUR) * HOUR;

for (const backend of ['sqlite', 'postgres'] as Backend[]) {
  describe(`insight summary on ${backend}`, {
    skip: backend === 'postgres' && !(await postgresAvailable()),
  }, () => {
    let s: TestServer;
    let t: Tenant;
    const flagsPath = () => `/api/v1/projects/${t.project}/flags`;
    const envPath = () => `/api/v1/projects/${t.project}/environments/production/insights`;

    async function makeFlag(key: string, temporary = true) {
      const r = await s.api('POST', flagsPath(), { key, name: key, variations: [false, true], temporary });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }

    const applyOld = (ago: number, features: Record<string, [number | null, number][]>) =>
      evaluatedAgo(s, t, ago, features);

    const summaryOf = async (days?: number) => {
      const r = await s.api('GET', `${envPath()}/summary${days === undefined ? '' : `?days=${days}`}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return new Map<string, Record<string, unknown>>(r.body.flags.map((f: { key: string }) => [f.key, f]));
    };

    before(async () => {
      s = await startTestServer(backend);
      t = await createTenant(s, 'insight-co');
      await makeFlag('checkout');
      const sent = await postEvents(
        s.url,
        '/bulk',
        [
          summaryEvent(Date.now(), {
            checkout: [
              [0, 3],
              [1, 5],
            ],
          }),
          { kind: 'custom', key: 'purchase', creationDate: Date.now(), context: { kind: 'user', key: 'u1' } },
          { kind: 'custom', key: 'purchase', creationDate: Date.now(), context: { kind: 'user', key: 'u2' } },
          { kind: 'custom', key: 'signup', creationDate: Date.now(), context: { kind: 'user', key: 'u3' } },
        ],
        { auth: t.sdkKey },
      );
      assert.equal(sent.status, 202);
      await waitFor(
        async () => ((await summaryOf()).get('checkout')?.total === 8 ? true : undefined),
        "checkout's 8 evaluations in the summary",
      );
    });
    after(() => s?.close());

    test('the summary gives each flag its total, last evaluated hour and variations served, from posted events', async () => {
      const checkout = (await summaryOf()).get('checkout');
      assert.deepEqual(checkout, {
        key: 'checkout',
        name: 'checkout',
        total: 8,
        lastEvaluated: new Date(thisHour()).toISOString(),
        variationsServed: 2,
        // Made just now: too young to be stale.
        stale: null,
      });
    });

    test("a flag's insights per environment give the total and last evaluation in each, zero where none", async () => {
      const r = await s.api('GET', `${flagsPath()}/checkout/insights/environments`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const byKey = new Map(r.body.environments.map((e: { key: string }) => [e.key, e]));
      assert.deepEqual(byKey.get('production'), {
        key: 'production',
        name: 'Production',
        total: 8,
        lastEvaluated: new Date(thisHour()).toISOString(),
      });
      assert.equal((byKey.get('test') as { total: number }).total, 0);
      assert.equal((byKey.get('test') as { lastEvaluated: unknown }).lastEvaluated, null);
      assert.equal((await s.api('GET', `${flagsPath()}/nope/insights/environments`)).status, 404);
    });

    test('custom events per hour list each key with its count, and totals for the window', async () => {
      const r = await s.api('GET', `${envPath()}/events/series?hours=24`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(
        r.body.events.map((e: { key: string; count: number }) => [e.key, e.count]),
        [
          ['purchase', 2],
          ['signup', 1],
        ],
      );
      assert.deepEqual(r.body.hours, [
        {
          hour: new Date(thisHour()).toISOString(),
          events: [
            { key: 'purchase', count: 2 },
            { key: 'signup', count: 1 },
          ],
        },
      ]);
    });

    test('flags older than the window are stale when never evaluated or serving one variation, each with its action', async () => {
      for (const key of ['dormant', 'rolled-out', 'split', 'kill-switch']) {
        await makeFlag(key, key !== 'kill-switch');
        await flagCreatedAgo(s, t.project, key, 40 * DAY);
      }
      await makeFlag('brand-new');
      await applyOld(20 * DAY, { 'rolled-out': [[1, 40]], split: [[0, 1]], 'kill-switch': [[0, 9]] });
      await applyOld(2 * DAY, { 'rolled-out': [[1, 2]], split: [[1, 1]] });

      const month = await summaryOf(30);
      const stale = (key: string) => month.get(key)?.stale;
      assert.deepEqual(stale('dormant'), { kind: 'not-evaluated', action: 'archive' });
      assert.deepEqual(stale('rolled-out'), { kind: 'one-variation', action: 'make-permanent' });
      assert.equal(month.get('rolled-out')?.total, 42);
      assert.equal(month.get('rolled-out')?.variationsServed, 1);
      assert.equal(stale('split'), null);
      // A permanent flag serving one variation is doing its job.
      assert.equal(stale('kill-switch'), null);
      assert.equal(stale('brand-new'), null);
      assert.equal(month.get('dormant')?.lastEvaluated, null);

      // Over the last week the kill switch has not been evaluated at all.
      const week = await summaryOf(7);
      assert.deepEqual(week.get('kill-switch')?.stale, { kind: 'not-evaluated', action: 'archive' });
      assert.equal(week.get('rolled-out')?.total, 2);
    });

    test('the summary refuses a window longer than the 30 days kept', async () => {
      assert.equal((await s.api('GET', `${envPath()}/summary?days=31`)).status, 400);
      assert.equal(
        (await s.api('GET', `/api/v1/projects/${t.project}/environments/nope/insights/summary`)).status,
        404,
      );
    });
  });
}
