/**
 * The flag list's insights at the size issue 21 names: 2,000 flags with 30 days of hourly
 * evaluations (two variations each hour, 2.9 million hourly rows), applied through the
 * consumer's store in the primary key's order (which keeps the per-day rollup of migration 0009 in the same
 * transaction). Then, side by side in rounds, over HTTP:
 *
 * - summary: GET …/insights/summary?days=30, which reads the per-day rollup;
 * - hourly: GET …/insights/flags?hours=720, the same 30 days summed from the hourly rows,
 *   which is what the summary would cost without the rollup.
 *
 *   npm run bench:insights      BENCH_FLAGS=2000 BENCH_DAYS=30 BENCH_ROUNDS=15
 *                               BENCH_DATABASE_URL=postgres://… for PostgreSQL (SQLite otherwise)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FoldedBatch } from '../packages/pipeline/dist/index.js';
import { loadConfig, startServer } from '../packages/server/dist/index.js';
import { envNumber, fmt, fmtRatio, median, table } from './bench-kit.js';

const FLAGS = envNumber('BENCH_FLAGS', 2000);
const DAYS = envNumber('BENCH_DAYS', 30);
const ROUNDS = envNumber('BENCH_ROUNDS', 15);
const HOUR = 3_600_000;
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const databaseUrl = process.env.BENCH_DATABASE_URL;

const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-insights-bench-'));
const server = await startServer(
  loadConfig({
    env: {
      SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN,
      LOG_LEVEL: 'silent',
      SWITCHYARD_BODY_LIMIT: String(64 * 1024 * 1024),
      ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
    },
    flags: { port: '0', 'data-dir': dataDir },
  }),
  { announce: () => {} },
);
const base = server.url.replace('[::1]', '127.0.0.1');

async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await send(method, path, body).catch((err: unknown) => {
    // A kept-alive connection that sat idle through the fill may be closed under us: once more.
    if (method !== 'GET') throw err;
    return send(method, path, body);
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

function send(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${base}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const keys = Array.from({ length: FLAGS }, (_, i) => `flag-${i}`);
const project = `insights-bench-${Date.now()}`;
await admin('POST', '/projects', { key: project, name: project });
const flags = Object.fromEntries(
  keys.map((key) => [
    key,
    { key, version: 1, on: true, variations: [true, false], offVariation: 1, fallthrough: { variation: 0 } },
  ]),
);
await admin('PUT', `/projects/${project}/environments/production/sdk-data`, { flags, segments: {} });

const thisHour = Math.floor(Date.now() / HOUR) * HOUR;
const hours = DAYS * 24;
const filling = process.hrtime.bigint();
/**
 * Flags per apply. The fill goes flag by flag, in the primary key's order (flag, variation,
 * hour), so each transaction appends to neighbouring B-tree pages. Filling day by day put
 * every apply's 96,000 rows on pages all over a table of millions: each day slower than the
 * last, the full run took minutes on an idle machine and never finished on a busy one.
 */
const FLAGS_PER_APPLY = 50;
const byKey = [...keys].sort();
for (let first = 0; first < FLAGS; first += FLAGS_PER_APPLY) {
  const evaluations = [];
  for (const flagKey of byKey.slice(first, first + FLAGS_PER_APPLY)) {
    const i = Number(flagKey.slice('flag-'.length));
    for (const variation of [0, 1]) {
      for (let h = hours - 1; h >= 0; h--) {
        const hour = thisHour - h * HOUR;
        evaluations.push({ flagKey, variation, hour, count: variation === 0 ? 1 + (i % 7) : 1 + (h % 5) });
      }
    }
  }
  const batch: FoldedBatch = {
    payloadId: `fill-${first}`,
    accountKey: 'default',
    projectKey: project,
    environmentKey: 'production',
    source: 'server',
    kind: 'analytics',
    receivedAt: thisHour,
    eventCount: evaluations.length,
    evaluations,
    customEvents: [],
    contexts: [],
    flagContexts: [],
  };
  await server.insights.apply([batch]);
  process.stdout.write(`\rfilled ${Math.min(FLAGS, first + FLAGS_PER_APPLY)} of ${FLAGS} flags`);
}
const fillSeconds = Number(process.hrtime.bigint() - filling) / 1e9;
process.stdout.write(`\n${fmt(FLAGS * hours * 2)} hourly rows in ${fillSeconds.toFixed(1)} s\n\n`);

const env = `/projects/${project}/environments/production/insights`;
// The summary's window is whole UTC days, today included; the hourly read is given the same hours.
const windowStart = thisHour - (thisHour % (24 * HOUR)) - (DAYS - 1) * 24 * HOUR;
const windowHours = (thisHour - windowStart) / HOUR + 1;
const contenders = [
  { name: 'summary (per-day rollup)', path: `${env}/summary?days=${DAYS}` },
  { name: 'hourly rows, same window', path: `${env}/flags?hours=${windowHours}` },
];

async function timed(path: string): Promise<{ ms: number; body: unknown }> {
  const start = process.hrtime.bigint();
  const body = await admin('GET', path);
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, body };
}

// Both read the same counts; a mismatch means the rollup is wrong, and no timing counts then.
type Totals = { flags: { key: string; total: number }[] };
const [summary, hourly] = await Promise.all(
  contenders.map(async (c) => (await timed(c.path)).body as Totals),
);
const hourlyTotals = new Map(hourly?.flags.map((f) => [f.key, f.total]));
for (const f of summary?.flags ?? []) {
  if (hourlyTotals.get(f.key) !== f.total)
    throw new Error(`${f.key}: ${f.total} ≠ ${hourlyTotals.get(f.key)}`);
}
if (summary?.flags.length !== FLAGS) throw new Error(`summary lists ${summary?.flags.length} flags`);

const times = new Map(contenders.map((c) => [c, [] as number[]]));
for (let round = 0; round < ROUNDS; round++) {
  for (let i = 0; i < contenders.length; i++) {
    const c = contenders[(round + i) % contenders.length] as (typeof contenders)[number];
    times.get(c)?.push((await timed(c.path)).ms);
  }
}

const summaryMs = median(times.get(contenders[0] as (typeof contenders)[number]) ?? []);
const rows = contenders.map((c) => {
  const ms = median(times.get(c) ?? []);
  return [c.name, `${ms.toFixed(1)} ms`, fmtRatio(ms / summaryMs)];
});
process.stdout.write(
  `${databaseUrl === undefined ? 'SQLite' : 'PostgreSQL'}, ${FLAGS} flags × ${DAYS} days, median of ${ROUNDS}\n\n`,
);
process.stdout.write(`${table([['GET', 'median', 'vs summary'], ...rows])}\n`);

await server.close();
rmSync(dataDir, { recursive: true, force: true });
