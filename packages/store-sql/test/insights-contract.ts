/**
 * The insights store's contract, run on SQLite and PostgreSQL: batches are applied
 * once whatever the redeliveries, reads add up, and retention prunes.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { type EventBatch, type FoldedBatch, foldBatch } from '@switchyard/pipeline';
import type { SqlInsights } from '../src/sql-insights.js';
import { backendSuite } from '../src/testing.js';

const HOUR = 3_600_000;

function hourStart(epochMs: number): number {
  return Math.floor(epochMs / HOUR) * HOUR;
}
// Forty days ago, so payload IDs recorded now (at the real time) outlive the first prune below.
const H = hourStart(Date.now() - 40 * 24 * HOUR) + 10 * HOUR;
const scope = { projectKey: 'shop', environmentKey: 'production' };
const day = { from: H - 12 * HOUR, to: H + 12 * HOUR };

let sequence = 0;

export function makeBatch(
  events: Record<string, unknown>[],
  overrides: Partial<EventBatch> = {},
): FoldedBatch {
  sequence += 1;
  return foldBatch({
    payloadId: `payload-${sequence}`,
    accountKey: 'acme',
    projectKey: 'shop',
    environmentKey: 'production',
    source: 'server',
    kind: 'analytics',
    receivedAt: H + 6 * HOUR,
    events,
    ...overrides,
  });
}

export function summary(endDate: number, flagKey: string, counters: Record<string, unknown>[]) {
  return { kind: 'summary', startDate: endDate - 1000, endDate, features: { [flagKey]: { counters } } };
}

export function describeInsightsContract(
  name: string,
  open: () => Promise<{ insights: SqlInsights; close: () => Promise<void> } | undefined>,
): void {
  describe(`insights store on ${name}`, () => {
    let insights: SqlInsights;
    const it = backendSuite(name, open, (opened) => {
      insights = opened.insights;
    });

    it('a batch applied twice, alone or in one call, is counted once', async () => {
      const batch = makeBatch([
        summary(H + 10, 'once', [
          { variation: 0, version: 1, count: 3 },
          { unknown: true, count: 2 },
        ]),
        {
          kind: 'custom',
          creationDate: H + 20,
          key: 'once-event',
          contextKeys: { user: 'u1' },
          metricValue: 4,
        },
      ]);
      await insights.apply([batch]);
      await insights.apply([batch]);
      await insights.apply([batch, { ...batch }]);
      const totals = (await insights.flagTotals(scope, day)).find((t) => t.flagKey === 'once');
      assert.deepEqual(totals, {
        flagKey: 'once',
        total: 5,
        variations: [
          { variation: 0, count: 3 },
          { variation: null, count: 2 },
        ],
      });
      const events = (await insights.customEventTotals(scope, day)).find((e) => e.eventKey === 'once-event');
      assert.deepEqual(events, { eventKey: 'once-event', count: 1, metricSum: 4 });
    });

    it('the same payload ID in another environment is a different batch', async () => {
      const events = [summary(H, 'scoped', [{ variation: 1, version: 1, count: 1 }])];
      const batch = makeBatch(events);
      await insights.apply([batch, { ...batch, environmentKey: 'staging' }]);
      const staging = { projectKey: 'shop', environmentKey: 'staging' };
      assert.equal((await insights.flagTotals(scope, day)).find((t) => t.flagKey === 'scoped')?.total, 1);
      assert.equal((await insights.flagTotals(staging, day)).find((t) => t.flagKey === 'scoped')?.total, 1);
    });

    it('new batches in a call with applied ones still count, and increments add up across calls', async () => {
      const first = makeBatch([summary(H, 'adds', [{ variation: 0, version: 1, count: 2 }])]);
      const second = makeBatch([summary(H + 5, 'adds', [{ variation: 0, version: 2, count: 5 }])]);
      const third = makeBatch([summary(H + HOUR, 'adds', [{ variation: 1, version: 2, count: 1 }])]);
      await insights.apply([first]);
      await insights.apply([first, second, third]);
      const series = await insights.flagSeries(scope, 'adds', day);
      assert.deepEqual(series, [
        { hour: H, total: 7, variations: [{ variation: 0, count: 7 }] },
        { hour: H + HOUR, total: 1, variations: [{ variation: 1, count: 1 }] },
      ]);
      const onlyFirstHour = await insights.flagSeries(scope, 'adds', { from: H, to: H + HOUR });
      assert.deepEqual(
        onlyFirstHour.map((s) => s.hour),
        [H],
      );
    });

    it("a flag's daily series sums each UTC day from the per-day rollup, oldest first, within the days asked", async () => {
      const DAY = 24 * HOUR;
      const today = H - (H % DAY);
      // Received after the last of them: an event is never counted later than its receipt.
      const env = { environmentKey: 'day-series', receivedAt: today + 3 * DAY };
      const scopeD = { projectKey: 'shop', environmentKey: 'day-series' };
      await insights.apply([
        makeBatch([summary(today + HOUR, 'daily', [{ variation: 0, version: 1, count: 2 }])], env),
        makeBatch([summary(today + 20 * HOUR, 'daily', [{ variation: 1, version: 1, count: 3 }])], env),
        makeBatch([summary(today + 23 * HOUR, 'daily', [{ variation: 0, version: 1, count: 4 }])], env),
        makeBatch([summary(today + DAY + 2 * HOUR, 'daily', [{ unknown: true, count: 1 }])], env),
        makeBatch([summary(today - 5 * DAY, 'daily', [{ variation: 0, version: 1, count: 9 }])], env),
        makeBatch([summary(today + HOUR, 'other', [{ variation: 0, version: 1, count: 7 }])], env),
      ]);
      assert.deepEqual(await insights.flagDaySeries(scopeD, 'daily', { from: today, to: today + 2 * DAY }), [
        {
          day: today,
          total: 9,
          variations: [
            { variation: 0, count: 6 },
            { variation: 1, count: 3 },
          ],
        },
        { day: today + DAY, total: 1, variations: [{ variation: null, count: 1 }] },
      ]);
      assert.deepEqual(
        (await insights.flagDaySeries(scopeD, 'daily', { from: today - 7 * DAY, to: today + DAY })).map(
          (d) => [d.day, d.total],
        ),
        [
          [today - 5 * DAY, 9],
          [today, 9],
        ],
      );
      assert.deepEqual(
        await insights.flagDaySeries(scope, 'daily', { from: today, to: today + 2 * DAY }),
        [],
      );
    });

    it('flag totals are ordered by total and read only the window and the environment', async () => {
      const scopeB = { projectKey: 'shop', environmentKey: 'window-test' };
      const env = { environmentKey: 'window-test' };
      await insights.apply([
        makeBatch([summary(H, 'small', [{ variation: 0, version: 1, count: 1 }])], env),
        makeBatch([summary(H, 'big', [{ variation: 0, version: 1, count: 9 }])], env),
        makeBatch([summary(H - 2 * HOUR, 'old', [{ variation: 0, version: 1, count: 4 }])], env),
      ]);
      const totals = await insights.flagTotals(scopeB, { from: H - HOUR, to: H + HOUR });
      assert.deepEqual(
        totals.map((t) => [t.flagKey, t.total]),
        [
          ['big', 9],
          ['small', 1],
        ],
      );
    });

    it('recently seen contexts come newest first, keep their latest time, and filter by kind', async () => {
      const env = { environmentKey: 'contexts-test' };
      const scopeC = { projectKey: 'shop', environmentKey: 'contexts-test' };
      await insights.apply([
        makeBatch(
          [
            { kind: 'index', creationDate: H + 3, context: { kind: 'user', key: 'u1' } },
            {
              kind: 'identify',
              creationDate: H + 2,
              context: { kind: 'multi', user: { key: 'u2' }, org: { key: 'acme' } },
            },
          ],
          env,
        ),
      ]);
      // An older batch arriving late must not move u1's last-seen time back.
      await insights.apply([
        makeBatch([{ kind: 'index', creationDate: H - HOUR, context: { kind: 'user', key: 'u1' } }], env),
      ]);
      const all = await insights.recentContexts(scopeC, { limit: 10 });
      assert.deepEqual(all, [
        { kind: 'user', key: 'u1', lastSeen: H + 3 },
        { kind: 'org', key: 'acme', lastSeen: H + 2 },
        { kind: 'user', key: 'u2', lastSeen: H + 2 },
      ]);
      assert.deepEqual(await insights.recentContexts(scopeC, { kind: 'org', limit: 10 }), [
        { kind: 'org', key: 'acme', lastSeen: H + 2 },
      ]);
      assert.equal((await insights.recentContexts(scopeC, { limit: 2 })).length, 2);
    });

    it('a large batch spanning many rows is applied in full', async () => {
      const env = { environmentKey: 'large-test' };
      const events = Array.from({ length: 1200 }, (_, i) => ({
        kind: 'index',
        creationDate: H,
        context: { kind: 'user', key: `user-${i}` },
      }));
      const counters = Array.from({ length: 700 }, (_, i) =>
        summary(H, `flag-${i}`, [{ variation: 0, count: 1 }]),
      );
      await insights.apply([makeBatch([...events, ...counters], env)]);
      const scopeL = { projectKey: 'shop', environmentKey: 'large-test' };
      assert.equal((await insights.recentContexts(scopeL, { limit: 5000 })).length, 1200);
      assert.equal((await insights.flagTotals(scopeL, day)).length, 700);
    });

    it('pruning removes hours and contexts past the retention window and old payload IDs', async () => {
      const env = { environmentKey: 'prune-test' };
      const scopeP = { projectKey: 'shop', environmentKey: 'prune-test' };
      const now = H + 31 * 24 * HOUR;
      const old = makeBatch(
        [
          summary(H, 'kept-and-pruned', [{ variation: 0, count: 1 }]),
          { kind: 'custom', creationDate: H, key: 'e', contextKeys: { user: 'old-user' } },
        ],
        env,
      );
      const recentAt = now - HOUR;
      const recent = makeBatch(
        [
          summary(recentAt, 'kept-and-pruned', [{ variation: 1, count: 2 }]),
          { kind: 'custom', creationDate: recentAt, key: 'e', contextKeys: { user: 'new-user' } },
        ],
        { ...env, receivedAt: now },
      );
      await insights.apply([old, recent]);
      const everything = { from: 0, to: now + HOUR };
      const pruned = await insights.prune(now);
      assert.ok(
        pruned.evaluations >= 1 && pruned.customEvents >= 1 && pruned.contexts >= 1,
        JSON.stringify(pruned),
      );
      assert.deepEqual(await insights.flagSeries(scopeP, 'kept-and-pruned', everything), [
        { hour: hourStart(recentAt), total: 2, variations: [{ variation: 1, count: 2 }] },
      ]);
      assert.deepEqual(await insights.customEventTotals(scopeP, everything), [
        { eventKey: 'e', count: 1, metricSum: 0 },
      ]);
      assert.deepEqual(
        (await insights.recentContexts(scopeP, { limit: 10 })).map((c) => c.key),
        ['new-user'],
      );
      // Payload IDs were recorded just now: kept for 48 hours, so a redelivery still counts once...
      assert.equal((await insights.prune(Date.now() + 47 * HOUR)).payloads, 0);
      await insights.apply([recent]);
      assert.equal((await insights.flagSeries(scopeP, 'kept-and-pruned', everything))[0]?.total, 2);
      // ...and forgotten after that.
      assert.ok((await insights.prune(Date.now() + 49 * HOUR)).payloads >= 2);
    });
  });
}
