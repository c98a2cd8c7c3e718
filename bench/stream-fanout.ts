/**
 * Streaming fan-out: N server-side SDK streams (`GET /all`) held by a separate load
 * process, a flag changed 20 times through the admin API; for each change, the time
 * from the admin write to the last stream's receipt, and server memory per stream.
 * Beside it, in the same run, a bare Node SSE broadcast server (the floor).
 *
 *   npm run bench:streams     BENCH_STREAMS=1000,10000 BENCH_CHANGES=20 BENCH_RUNS=3
 */
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild } from './child-server.js';

const SIZES = (process.env.BENCH_STREAMS ?? '1000,10000').split(',').map(Number);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 20);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
// Both servers are started this way, so the memory probe answers for each alike.
const PROBED = { nodeArgs: ['--expose-gc', '--import', './bench/stream-memory-probe.mjs'], ipc: true };
const now = () => performance.timeOrigin + performance.now();

interface Memory {
  readonly rss: number;
  readonly heapTotal: number;
  readonly heapUsed: number;
  readonly external: number;
}

/** Asks the server's probe (stream-memory-probe.mjs) and resolves with its answer. */
function probe<T>(server: ChildProcess, question: 'memory' | 'cpu'): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${question} probe did not answer`)), 10_000);
    const onMessage = (m: { type: string }) => {
      if (m.type !== question) return;
      clearTimeout(timer);
      server.off('message', onMessage);
      resolve(m as T);
    };
    server.on('message', onMessage);
    server.send(question);
  });
}

/** The server's memory after a forced full GC. */
const memory = (server: ChildProcess) => probe<Memory>(server, 'memory');
/** The server's CPU time so far, in milliseconds. */
const cpuMs = async (server: ChildProcess) => {
  const { user, system } = await probe<{ user: number; system: number }>(server, 'cpu');
  return (user + system) / 1000;
};

interface Run {
  readonly p50: number;
  readonly p99: number;
  /** The server's CPU time per change, all streams included: what background load disturbs least. */
  readonly cpuMs: number;
  /** KiB per stream, from before the streams open to after, each after a full GC (see memoryPerStream). */
  readonly totalKiB: number;
  readonly liveKiB: number;
  readonly rssKiB: number;
}

/**
 * Resident memory counts the V8 heap by committed pages, and heap room left from
 * start-up absorbs new objects without growing it; so `total` counts the heap by its
 * live bytes and everything else (sockets, parsers, Buffers: malloc'd) by resident
 * memory outside the heap. `live` is the JavaScript heap and external memory alone,
 * `rss` the plain resident growth.
 */
function memoryPerStream(before: Memory, after: Memory, n: number) {
  const delta = (f: (m: Memory) => number) => (f(after) - f(before)) / 1024 / n;
  return {
    totalKiB: delta((m) => m.heapUsed + m.rss - m.heapTotal),
    liveKiB: delta((m) => m.heapUsed + m.external),
    rssKiB: delta((m) => m.rss),
  };
}

const percentile = (xs: readonly number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};
const median = (xs: readonly number[]) => percentile(xs, 50);

/** Opens `n` streams from a load process, then makes `CHANGES` changes and times each. */
async function measure(
  server: ChildProcess,
  url: string,
  auth: string,
  n: number,
  change: (i: number) => Promise<void>,
): Promise<Run> {
  await new Promise((r) => setTimeout(r, 500));
  const before = await memory(server);
  const clients = fork(join(import.meta.dirname, 'stream-clients.mjs'), [url, String(n), auth], {
    stdio: 'inherit',
  });
  const messages: { type: string; change?: number; at?: number; message?: string }[] = [];
  let wake: () => void = () => {};
  clients.on('message', (m: { type: string }) => {
    messages.push(m);
    wake();
  });
  const waitFor = async (predicate: () => boolean, ms: number, what: string) => {
    const deadline = Date.now() + ms;
    while (!predicate()) {
      if (Date.now() > deadline)
        throw new Error(
          `timed out: ${what}; ${JSON.stringify(messages.filter((m) => m.type === 'error').slice(0, 3))}`,
        );
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 50);
      });
    }
  };
  await waitFor(() => messages.some((m) => m.type === 'ready'), 120_000, `${n} streams open`);
  await new Promise((r) => setTimeout(r, 1000));
  const after = await memory(server);
  const latencies: number[] = [];
  const cpuBefore = await cpuMs(server);
  for (let i = 0; i < CHANGES; i++) {
    const started = now();
    await change(i);
    await waitFor(
      () => messages.some((m) => m.type === 'all' && m.change === i),
      30_000,
      `change ${i} at every stream`,
    );
    const done = messages.find((m) => m.type === 'all' && m.change === i)?.at as number;
    latencies.push(done - started);
    await new Promise((r) => setTimeout(r, 100));
  }
  const cpu = ((await cpuMs(server)) - cpuBefore) / CHANGES;
  clients.send('exit');
  await new Promise((r) => clients.once('exit', r));
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuMs: cpu,
    ...memoryPerStream(before, after, n),
  };
}

async function admin(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

async function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function floorRun(n: number): Promise<Run> {
  const floor = await startChild(['bench/floor-sse-server.mjs'], {}, /^(\d+)\n/, PROBED);
  const url = `http://127.0.0.1:${floor.match[1]}`;
  // The same patch Switchyard sends for the flag, so both write the same bytes.
  const message = JSON.stringify({
    path: '/flags/kill-switch',
    data: { key: 'kill-switch', version: 1, on: true },
  });
  try {
    return await measure(floor.child, `${url}/all`, '', n, async () => {
      await fetch(`${url}/change`, { method: 'POST', body: message });
    });
  } finally {
    await stopped(floor.child);
  }
}

async function switchyardRun(n: number, dataDir: string): Promise<Run> {
  const server = await startChild(
    ['packages/server/bin/switchyard.js', 'serve', '--port', '0', '--data-dir', dataDir],
    { SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'info' },
    /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/,
    PROBED,
  );
  const base = server.match[1] as string;
  try {
    await admin(base, 'POST', '/api/v1/projects', { key: 'bench', name: 'Bench' });
    const env = await admin(base, 'GET', '/api/v1/projects/bench/environments/production');
    await admin(base, 'POST', '/api/v1/projects/bench/flags', { key: 'kill-switch', name: 'Kill switch' });
    return await measure(server.child, `${base}/all`, String(env.sdkKey), n, async (i) => {
      await admin(base, 'POST', '/api/v1/projects/bench/flags/kill-switch/environments/production/toggle', {
        on: i % 2 === 0,
      });
    });
  } finally {
    await stopped(server.child);
  }
}

const ms = (x: number) => x.toFixed(1).padStart(6);
const kib = (x: number) => x.toFixed(1).padStart(5);
const ratio = (a: number, b: number) => (a / b).toFixed(2);

const figures = (r: Run) =>
  `p50 ${ms(r.p50)} p99 ${ms(r.p99)} cpu ${ms(r.cpuMs)} ms, KiB total ${kib(r.totalKiB)} live ${kib(r.liveKiB)} rss ${kib(r.rssKiB)}`;

function line(n: number, label: string, f: Run, s: Run): string {
  return (
    `${String(n).padStart(6)} ${label.padEnd(7)} | floor ${figures(f)} | switchyard ${figures(s)} | ` +
    `ratios p50 ${ratio(s.p50, f.p50)} p99 ${ratio(s.p99, f.p99)} cpu ${ratio(s.cpuMs, f.cpuMs)} total ${ratio(s.totalKiB, f.totalKiB)} live ${ratio(s.liveKiB, f.liveKiB)}`
  );
}

function medianRun(runs: readonly Run[]): Run {
  return {
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    totalKiB: median(runs.map((r) => r.totalKiB)),
    liveKiB: median(runs.map((r) => r.liveKiB)),
    rssKiB: median(runs.map((r) => r.rssKiB)),
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
  const results = new Map<number, { floor: Run[]; switchyard: Run[] }>();
  try {
    for (let run = 0; run < RUNS; run++) {
      for (const n of SIZES) {
        // Alternate which server goes first, so neither always meets the same background load.
        const dir = join(dataDir, `${run}-${n}`);
        let f: Run;
        let s: Run;
        if (run % 2 === 0) {
          f = await floorRun(n);
          s = await switchyardRun(n, dir);
        } else {
          s = await switchyardRun(n, dir);
          f = await floorRun(n);
        }
        const entry = results.get(n) ?? { floor: [], switchyard: [] };
        entry.floor.push(f);
        entry.switchyard.push(s);
        results.set(n, entry);
        console.log(line(n, `run ${run + 1}`, f, s));
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(
    `\nwrite to last receipt over ${CHANGES} changes, server CPU per change; memory per stream after a forced GC: total (live heap + resident` +
      ` memory outside the heap), live (heap + external), rss (resident growth)` +
      `\ntargets: latency p50 and p99 <= 1.5x the floor's, memory <= 2x the floor's; medians of ${RUNS} run(s)`,
  );
  for (const [n, { floor, switchyard }] of results) {
    console.log(line(n, 'median', medianRun(floor), medianRun(switchyard)));
  }
}

await main();
