/**
 * The operator path (issue 21): two Switchyard nodes on one machine sharing a PostgreSQL
 * database, an operator's cut-off through the admin API on node A (the call the console's
 * "Cut off" button makes), then the time until EACH node enforces it at ingest (its posts
 * answer `dropped; reason=kill-switch`), and the same for the lift (posts accepted again).
 * Prints p50/p95/p99 per node and of the slower node per cut-off, against the target p99 ≤ 50 ms.
 *
 *   npm run bench:operator      BENCH_CUTS=200 (cut-offs, each followed by a lift; at most 1000)
 *                               BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, adminApi, startChild } from './child-server.js';
import { eventBatch } from './event-payload.js';

const CUTS = Math.min(Number(process.env.BENCH_CUTS ?? 200), 1000);
const DATABASE = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** A node that has not enforced a change in this long is reported, and the run stops. */
const GIVE_UP_MS = 10_000;
const TARGET_P99_MS = 50;
const PROBE = JSON.stringify(eventBatch(1));
const DROPPED = 'dropped; reason=kill-switch';

const psql = (sql: string) => execFileSync('psql', [DATABASE, '-qc', sql], { stdio: 'ignore' });

async function startNode(dataDir: string, databaseUrl: string) {
  const { child, match } = await startChild(
    ['packages/server/bin/switchyard.js', 'serve', '--port', '0', '--data-dir', dataDir],
    { SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'info', DATABASE_URL: databaseUrl },
    /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/,
  );
  return { child, base: match[1] as string };
}

async function post(base: string, sdkKey: string): Promise<string> {
  const response = await fetch(`${base}/bulk`, {
    method: 'POST',
    headers: {
      authorization: sdkKey,
      'content-type': 'application/json',
      'x-launchdarkly-payload-id': randomUUID(),
    },
    body: PROBE,
  });
  await response.arrayBuffer();
  return response.headers.get('x-switchyard-events') ?? '';
}

/** Posts to `base` until its answer matches; the ms from `started`. */
async function enforced(base: string, sdkKey: string, wanted: (s: string) => boolean, started: number) {
  while (!wanted(await post(base, sdkKey))) {
    if (performance.now() - started > GIVE_UP_MS)
      throw new Error(`${base} did not enforce within ${GIVE_UP_MS} ms`);
  }
  return performance.now() - started;
}

const percentile = (xs: readonly number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};
const summary = (xs: readonly number[]) =>
  `p50 ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms, p99 ${percentile(xs, 99).toFixed(1)} ms`;

async function main(): Promise<void> {
  const schema = `bench_operator_${process.pid}`;
  psql(`CREATE SCHEMA ${schema}`);
  const url = new URL(DATABASE);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'switchyard-bench-operator-')));
  const a = await startNode(dirs[0] as string, url.toString());
  const b = await startNode(dirs[1] as string, url.toString());
  const api = adminApi(a.base);
  try {
    await api('POST', '/api/v1/accounts', { key: 'noisy', name: 'noisy' });
    await api('POST', '/api/v1/projects', { key: 'noisy-app', name: 'noisy', account: 'noisy' });
    const sdkKey = (await api('GET', '/api/v1/projects/noisy-app/environments/production')).sdkKey;
    const accepted = (s: string) => s.startsWith('accepted');
    const start = performance.now();
    for (const node of [a, b]) await enforced(node.base, sdkKey, accepted, start);
    const writes: number[] = [];
    const cut = { a: [] as number[], b: [] as number[], slower: [] as number[] };
    const lift = { a: [] as number[], b: [] as number[], slower: [] as number[] };
    const record = (into: typeof cut, ta: number, tb: number) => {
      into.a.push(ta);
      into.b.push(tb);
      into.slower.push(Math.max(ta, tb));
    };
    for (let i = 0; i < CUTS; i++) {
      let started = performance.now();
      const override = await api('POST', '/api/v1/accounts/noisy/overrides', {
        kind: 'kill-switch',
        reason: `bench cut-off ${i + 1}`,
        expiresInSeconds: 3600,
      });
      writes.push(performance.now() - started);
      const [ca, cb] = await Promise.all(
        [a, b].map((node) => enforced(node.base, sdkKey, (s) => s === DROPPED, started)),
      );
      record(cut, ca as number, cb as number);
      started = performance.now();
      await api('DELETE', `/api/v1/accounts/noisy/overrides/${override.id}`);
      const [la, lb] = await Promise.all(
        [a, b].map((node) => enforced(node.base, sdkKey, accepted, started)),
      );
      record(lift, la as number, lb as number);
    }
    const verdict = percentile(cut.slower, 99) <= TARGET_P99_MS ? 'PASS' : 'MISS';
    console.log(
      `operator path, two nodes on PostgreSQL, ${CUTS} cut-offs and lifts through node A's admin API`,
    );
    console.log(
      `load average at the end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(`cut-off, the admin API's answer (written and committed): ${summary(writes)}`);
    console.log(`cut-off, click to enforced at ingest, node A (written to): ${summary(cut.a)}`);
    console.log(`cut-off, click to enforced at ingest, node B (change feed): ${summary(cut.b)}`);
    console.log(
      `cut-off, both nodes enforcing (max across nodes): ${summary(cut.slower)} (target p99 <= ${TARGET_P99_MS} ms: ${verdict})`,
    );
    console.log(
      `lift, both nodes accepting again (max across nodes): ${summary(lift.slower)}; node B alone ${summary(lift.b)}`,
    );
  } finally {
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    psql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
