import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import {
  AccountService,
  type ControlPlaneDeps,
  FlagService,
  ProjectService,
  UsageService,
} from '@switchyard/control-plane';
import { createSqlStore } from '@switchyard/store-sql';
import pg from 'pg';
import { ensureSystemProject } from '../src/guard/system-project.js';
import { nodeSecrets } from '../src/secrets.js';
import {
  changeSystemFlag,
  createTenant,
  customEvents,
  postEvents,
  variationOf,
  waitFor,
} from './support/events.js';
import { POSTGRES_URL, postgresAvailable, startTestServer, type TestServer } from './support/test-server.js';

const available = await postgresAvailable();
if (!available && process.env.CI) throw new Error('PostgreSQL is required under CI but is not reachable');
const skip = available ? false : 'PostgreSQL is not reachable';

let a: TestServer;
let b: TestServer;
const schemas: string[] = [];

before(async () => {
  if (!available) return;
  const events = { usageFlushMs: 100, rateShareMs: 100 };
  a = await startTestServer('postgres', undefined, { events });
  b = await startTestServer('postgres', a.databaseUrl, { events });
});

after(async () => {
  await b?.close();
  await a?.close();
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

test('three nodes creating the system project at once end with one project and its four flags', {
  skip,
}, async () => {
  const schema = `sy_test_${randomBytes(4).toString('hex')}`;
  schemas.push(schema);
  const first = await createSqlStore({ kind: 'postgres', url: POSTGRES_URL, schema });
  const stores = [
    first,
    ...(await Promise.all([1, 2].map(() => createSqlStore({ kind: 'postgres', url: POSTGRES_URL, schema })))),
  ];
  try {
    const services = stores.map((store) => {
      const deps: ControlPlaneDeps = { store, clock: { now: () => new Date() }, secrets: nodeSecrets };
      return {
        accounts: new AccountService(deps),
        projects: new ProjectService(deps),
        flags: new FlagService(deps),
      };
    });
    await services[0]?.accounts.ensureDefaultAccount();
    await Promise.all(services.map((s) => ensureSystemProject(s)));
    const projects = await first.listProjects();
    assert.deepEqual(
      projects.map((p) => [p.key, p.system]),
      [['switchyard-system', true]],
    );
    const flags = (await first.listFlags('switchyard-system')).map((f) => f.key).sort();
    assert.deepEqual(flags, [
      'event-sampling-ratio',
      'events-per-second-limit',
      'events-throttled',
      'ingest-events',
    ]);
    for (const key of flags) {
      assert.equal((await first.getFlagConfig('switchyard-system', 'production', key))?.on, true, key);
    }
    // Usage deltas written concurrently by the three "nodes" add up.
    const usage = stores.map((store) => new UsageService({ store }, store.usage));
    const month = '2026-01';
    await Promise.all(
      usage.flatMap((u) =>
        [1, 2, 3, 4, 5].map(() =>
          u.record([{ accountKey: 'default', month, metric: 'accepted', count: 10 }]),
        ),
      ),
    );
    assert.equal((await usage[0]?.forAccount('default', month))?.counts.accepted, 150);
  } finally {
    await Promise.all(stores.map((store) => store.close()));
  }
});

/** A project created on node A, once node B serves its environment (a flag change notifies B). */
async function tenantOnBothNodes(account: string, limits?: Record<string, number>) {
  const t = await createTenant(a, account, limits === undefined ? {} : { limits });
  await a.api('POST', `/api/v1/projects/${t.project}/flags`, { key: 'f', name: 'F' });
  await waitFor(
    async () =>
      (await postEvents(b.url, '/bulk', [], { auth: t.sdkKey })).status === 202 ? true : undefined,
    'node B to know the environment',
    3000,
  );
  return t;
}

test('a kill switch written on node A is enforced at ingest on node B', { skip }, async () => {
  const t = await tenantOnBothNodes('shared');
  assert.equal(
    (await postEvents(b.url, '/bulk', customEvents(5), { auth: t.sdkKey })).headers.get(
      'x-switchyard-events',
    ),
    'accepted; durable=spool',
  );
  const written = await changeSystemFlag(a, 'ingest-events', (c, variations) => ({
    ...c,
    contextTargets: [
      { contextKind: 'account', variation: variationOf(variations, false), values: ['shared'] },
    ],
  }));
  assert.equal(written.status, 200);
  await waitFor(
    async () =>
      (await postEvents(b.url, '/bulk', customEvents(5), { auth: t.sdkKey })).headers.get(
        'x-switchyard-events',
      ) === 'dropped; reason=kill-switch'
        ? true
        : undefined,
    'node B to drop the events',
  );
  await changeSystemFlag(a, 'ingest-events', (c) => ({ ...c, contextTargets: [] }));
});

test('usage counted on two nodes adds up in the store', { skip }, async () => {
  const t = await tenantOnBothNodes('two-nodes');
  for (const node of [a, b, a, b]) {
    assert.equal((await postEvents(node.url, '/bulk', customEvents(25), { auth: t.sdkKey })).status, 202);
  }
  for (const node of [a, b]) {
    await waitFor(
      async () =>
        (await node.api('GET', '/api/v1/accounts/two-nodes/usage')).body.accepted === 100 ? true : undefined,
      'the usage of both nodes',
      3000,
    );
  }
});

interface Paced {
  /** Events in posts that got `accepted`, per node, counted from `measureFrom` on. */
  readonly accepted: number[];
  readonly refused: number[];
  readonly seconds: number;
}

/**
 * Posts `batch` events every `everyMs` to each node at once, for `warmupMs` and then
 * `measureMs`; counts what the X-Switchyard-Events header says of the measured posts.
 */
async function paced(sdkKey: string, batch: number, everyMs: number, warmupMs: number, measureMs: number) {
  const start = Date.now();
  const measureFrom = start + warmupMs;
  const end = measureFrom + measureMs;
  const result: Paced = { accepted: [0, 0], refused: [0, 0], seconds: measureMs / 1000 };
  await Promise.all(
    [a, b].map(async (node, i) => {
      for (let due = start; due < end; due += everyMs) {
        const wait = due - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const sentAt = Date.now();
        const reply = await postEvents(node.url, '/bulk', customEvents(batch - 1), { auth: sdkKey });
        if (sentAt < measureFrom) continue;
        const outcome = reply.headers.get('x-switchyard-events') ?? '';
        if (outcome.startsWith('accepted')) result.accepted[i] = (result.accepted[i] ?? 0) + batch;
        else if (outcome === 'rejected; reason=rate-limit')
          result.refused[i] = (result.refused[i] ?? 0) + batch;
      }
    }),
  );
  return result;
}

test('an account’s per-second limit holds across two nodes, each taking a share', { skip }, async (c) => {
  const limit = 1000;
  const t = await tenantOnBothNodes('cluster-limited', { eventsPerSecond: limit });
  // Each node is offered 2,000 events a second: alone, each would accept its whole limit
  // (2,000 a second between them); sharing, they accept about 1,000 a second together
  // (1,433 was seen with another process keeping a core busy: rates are shared each second,
  // so a late share lets both nodes take a little more for a moment).
  const run = await paced(t.sdkKey, 100, 50, 1000, 3000);
  const total = (run.accepted[0] ?? 0) + (run.accepted[1] ?? 0);
  const perSecond = total / run.seconds;
  const offered = run.accepted.map((n, i) => (n ?? 0) + (run.refused[i] ?? 0));
  // What either node accepts alone is its whole limit, or all it was offered if that was less.
  const alone = offered.reduce((sum, n) => sum + Math.min(n / run.seconds, limit), 0);
  c.diagnostic(
    `accepted ${perSecond} events a second across the nodes (${alone} alone): ${JSON.stringify(run)}`,
  );
  assert.ok(alone > limit * 1.5, `the nodes must be offered more than the limit: ${JSON.stringify(run)}`);
  // What must always hold: sharing accepts clearly less than the nodes would without it (at
  // 2,000 offered each, 1,700 against 2,000; a stale share only moves it toward 2,000 for a
  // second at a time), and it still lets events in: at least half the limit.
  assert.ok(
    perSecond <= alone * 0.85,
    `accepted ${perSecond} events a second across the nodes, ${alone} without sharing: ${JSON.stringify(run)}`,
  );
  assert.ok(perSecond >= limit * 0.5, `accepted only ${perSecond} events a second: ${JSON.stringify(run)}`);
  // A share is renewed each second; on a busy machine one may be late for a moment, so wait for it.
  for (const node of [a, b]) {
    await waitFor(async () => {
      const metrics = await fetch(`${node.url}/metrics`).then((r) => r.text());
      return /^switchyard_events_rate_peer_nodes 1$/m.test(metrics) ? true : undefined;
    }, `${node.url} to count the other node as its peer (switchyard_events_rate_peer_nodes 1)`);
  }
  for (const i of [0, 1]) {
    assert.ok((run.accepted[i] ?? 0) > 0, `node ${i} took a share: ${JSON.stringify(run)}`);
    assert.ok((run.refused[i] ?? 0) > 0, `node ${i} refused over its share: ${JSON.stringify(run)}`);
  }
});

test('the circuit breaker trips on an account’s rate across the nodes, not on one node’s', {
  skip,
}, async () => {
  const limit = 1000;
  const t = await tenantOnBothNodes('cluster-spike', { eventsPerSecond: limit });
  // 3,500 events a second to each node: 3.5x the limit on either, under the breaker's
  // 5x; 7x across the two, over it.
  const throttled = paced(t.sdkKey, 350, 100, 0, 5000);
  const seen = await waitFor(
    async () => {
      const usage = (await b.api('GET', '/api/v1/accounts/cluster-spike/usage')).body;
      return usage.throttle === null ? undefined : usage;
    },
    'the breaker to throttle the account',
    5000,
  );
  await throttled;
  assert.equal(seen.throttle.by, 'circuit-breaker');
  const usage = (await a.api('GET', '/api/v1/accounts/cluster-spike/usage')).body;
  assert.equal(usage.throttle.by, 'circuit-breaker', 'both nodes refuse it');
  assert.equal(
    (await postEvents(a.url, '/bulk', customEvents(5), { auth: t.sdkKey })).headers.get(
      'x-switchyard-events',
    ),
    'rejected; reason=circuit-breaker',
  );
});
