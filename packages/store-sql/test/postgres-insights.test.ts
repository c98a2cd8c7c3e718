import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { FLAG_CONTEXTS_KEPT } from '../src/sql-insights-reads.js';
import { createSqlStore } from '../src/sql-store.js';
import { describeFlagContextsContract } from './flag-contexts-contract.js';
import { describeInsightsContract, makeBatch, summary } from './insights-contract.js';

const url = process.env.SWITCHYARD_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const HOUR = 3_600_000;

async function reachable(): Promise<boolean> {
  try {
    const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    await probe.connect();
    await probe.end();
    return true;
  } catch {
    return false;
  }
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}

const newSchema = () => `sy_insights_${Math.random().toString(36).slice(2, 10)}`;

async function open() {
  if (!(await reachable())) return undefined;
  const schema = newSchema();
  const store = await createSqlStore({ kind: 'postgres', url, schema });
  return {
    insights: store.insights,
    close: async () => {
      await store.close();
      await dropSchema(schema);
    },
  };
}

describeInsightsContract('PostgreSQL', open);
describeFlagContextsContract('PostgreSQL', open);

// Two nodes (two pools) on one database, each with several connections.
let nodes: Awaited<ReturnType<typeof createSqlStore>>[] = [];
let schema = '';
let skip: string | false = false;
before(async () => {
  if (!(await reachable())) {
    if (process.env.CI) throw new Error('PostgreSQL is required under CI but is not reachable');
    skip = 'PostgreSQL is not reachable';
    return;
  }
  schema = newSchema();
  const first = await createSqlStore({ kind: 'postgres', url, schema, poolSize: 6 });
  nodes = [first, await createSqlStore({ kind: 'postgres', url, schema, poolSize: 6 })];
});
after(async () => {
  await Promise.all(nodes.map((node) => node.close()));
  if (schema) await dropSchema(schema);
});

test('concurrent applies of the same payloads on two nodes count each payload once', async (t) => {
  if (skip) return t.skip(skip);
  const H = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
  const scope = { projectKey: 'shop', environmentKey: 'production' };
  // Ten payloads, each counting one evaluation of two flags (in opposite order) and one context.
  const batches = Array.from({ length: 10 }, (_, i) =>
    makeBatch(
      [
        { ...summary(H, i % 2 ? 'alpha' : 'beta', [{ variation: 0, version: 1, count: 1 }]) },
        { ...summary(H, i % 2 ? 'beta' : 'alpha', [{ variation: 1, version: 1, count: 1 }]) },
        { kind: 'custom', creationDate: H, key: 'race', contextKeys: { user: `u-${i}` } },
      ],
      { receivedAt: H + HOUR },
    ),
  );
  // Every batch is applied 8 times at once, in overlapping groups and different orders.
  const applies = [];
  for (let round = 0; round < 8; round++) {
    const node = nodes[round % 2];
    assert.ok(node);
    const rotated = [...batches.slice(round), ...batches.slice(0, round)];
    applies.push(node.insights.apply(round % 2 ? rotated.reverse() : rotated));
    applies.push(node.insights.apply(rotated.slice(0, 3)));
  }
  await Promise.all(applies);
  const totals = await nodes[0]?.insights.flagTotals(scope, { from: H, to: H + HOUR });
  assert.deepEqual(
    totals?.map((f) => [f.flagKey, f.total, f.variations.map((v) => v.count)]),
    [
      ['alpha', 10, [5, 5]],
      ['beta', 10, [5, 5]],
    ],
  );
  assert.deepEqual(await nodes[1]?.insights.customEventTotals(scope, { from: H, to: H + HOUR }), [
    { eventKey: 'race', count: 10, metricSum: 0 },
  ]);
  assert.equal((await nodes[1]?.insights.recentContexts(scope, { limit: 100 }))?.length, 10);
});

test('concurrent applies that trim the same flags on two nodes finish and keep the latest contexts', async (t) => {
  if (skip) return t.skip(skip);
  const H = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
  const scope = { projectKey: 'shop', environmentKey: 'trim-race' };
  const feature = (flag: string, i: number) => ({
    kind: 'feature',
    creationDate: H + i,
    key: flag,
    value: true,
    context: { kind: 'user', key: `u-${i}` },
  });
  // Twenty payloads of 40 contexts each for two flags, in opposite orders: 800 contexts per flag.
  const batches = Array.from({ length: 20 }, (_, b) => {
    const ids = Array.from({ length: 40 }, (_, i) => b * 40 + i);
    const events = ids.flatMap((i) => [feature('alpha', i), feature('beta', i)]);
    return makeBatch(b % 2 ? events.reverse() : events, {
      environmentKey: 'trim-race',
      receivedAt: H + HOUR,
    });
  });
  await Promise.all(batches.map((batch, i) => nodes[i % 2]?.insights.apply([batch])));
  for (const flag of ['alpha', 'beta']) {
    const kept = (await nodes[0]?.insights.flagContexts(scope, flag, { limit: 1000 })) ?? [];
    assert.equal(kept.length, FLAG_CONTEXTS_KEPT, flag);
    assert.equal(kept[0]?.key, 'u-799');
    assert.equal(kept.at(-1)?.key, `u-${800 - FLAG_CONTEXTS_KEPT}`);
  }
});
