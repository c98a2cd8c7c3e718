/**
 * The per-flag contexts' part of the insights store contract (docs/adr/0021), run on
 * SQLite and PostgreSQL: each flag keeps its own contexts, their latest time, at most
 * FLAG_CONTEXTS_KEPT of them, and pruning drops the old ones.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { SqlInsights } from '../src/sql-insights.js';
import { FLAG_CONTEXTS_KEPT } from '../src/sql-insights-reads.js';
import { backendSuite } from '../src/testing.js';
import { makeBatch, summary } from './insights-contract.js';

const H = Date.UTC(2026, 0, 15, 10);
const DAY = 24 * 3_600_000;

const feature = (flag: string, key: string, creationDate: number) => ({
  kind: 'feature',
  creationDate,
  key: flag,
  value: true,
  variation: 0,
  context: { kind: 'user', key },
});

export function describeFlagContextsContract(
  name: string,
  open: () => Promise<{ insights: SqlInsights; close: () => Promise<void> } | undefined>,
): void {
  describe(`per-flag contexts on ${name}`, () => {
    let insights: SqlInsights;
    const it = backendSuite(name, open, (opened) => {
      insights = opened.insights;
    });
    const scope = { projectKey: 'shop', environmentKey: 'flag-contexts' };
    const env = { environmentKey: 'flag-contexts', receivedAt: H + 60_000 };
    const keys = async (flag: string, limit = 10) =>
      (await insights.flagContexts(scope, flag, { limit })).map((c) => c.key);

    it('a flag lists only the contexts that evaluated it, newest first, at their latest time', async () => {
      await insights.apply([
        makeBatch([feature('a', 'u1', H + 1), feature('a', 'u2', H + 2), feature('b', 'u3', H + 3)], env),
        makeBatch([summary(H + 5, 'c', [{ variation: 0, count: 1 }])], { ...env, source: 'client' }),
      ]);
      // Late and older: u1's time stays.
      await insights.apply([makeBatch([feature('a', 'u1', H - 1000)], env)]);
      assert.deepEqual(await insights.flagContexts(scope, 'a', { limit: 10 }), [
        { kind: 'user', key: 'u2', lastSeen: H + 2 },
        { kind: 'user', key: 'u1', lastSeen: H + 1 },
      ]);
      assert.deepEqual(await keys('b'), ['u3']);
      // A summary no event attributes: counted, with no contexts.
      assert.deepEqual(await keys('c'), []);
      assert.deepEqual(
        await insights.flagContexts({ ...scope, environmentKey: 'other' }, 'a', { limit: 10 }),
        [],
      );
    });

    it(`each flag keeps its latest ${FLAG_CONTEXTS_KEPT} contexts per environment`, async () => {
      const many = Array.from({ length: FLAG_CONTEXTS_KEPT + 30 }, (_, i) => feature('busy', `c${i}`, H + i));
      await insights.apply([makeBatch(many.slice(0, 70), env)]);
      await insights.apply([makeBatch(many.slice(70), env), makeBatch([feature('quiet', 'q', H)], env)]);
      const kept = await keys('busy', 1000);
      assert.equal(kept.length, FLAG_CONTEXTS_KEPT);
      assert.equal(kept[0], `c${FLAG_CONTEXTS_KEPT + 29}`);
      assert.equal(kept.at(-1), 'c30');
      assert.deepEqual(await keys('quiet'), ['q']);
    });

    it('pruning drops the contexts not seen within the retention window', async () => {
      const prune = { environmentKey: 'flag-contexts-prune' };
      const scopeP = { projectKey: 'shop', environmentKey: 'flag-contexts-prune' };
      await insights.apply([
        makeBatch([feature('p', 'old', H)], { ...prune, receivedAt: H }),
        makeBatch([feature('p', 'new', H + 30 * DAY)], { ...prune, receivedAt: H + 30 * DAY }),
      ]);
      const pruned = await insights.prune(H + 31 * DAY);
      assert.ok(pruned.flagContexts >= 1, JSON.stringify(pruned));
      assert.deepEqual(
        (await insights.flagContexts(scopeP, 'p', { limit: 10 })).map((c) => c.key),
        ['new'],
      );
    });
  });
}
