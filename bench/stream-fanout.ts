/**
 * Streaming fan-out: N server-side SDK streams (`GET /all`) held by a separate load
 * process, a flag changed 20 times through the admin API; for each change, the time
 * from the admin write to the last stream's receipt and the server's CPU time, and the
 * server's memory per stream after a forced GC. Beside it, in the same run and measured
 * the same way, a bare Node SSE broadcast server (the floor). Method: bench/README.md.
 *
 *   npm run bench:streams     BENCH_STREAMS=1000,10000 BENCH_CHANGES=20 BENCH_RUNS=3
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild } from './child-server.js';

const SIZES = (process.env.BENCH_STREAMS ?? '1000,10000').split(',').map(Number);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 20);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
// Both servers are started this way, so the probe answers for each alike.
const PROBED = { nodeArgs: ['--expose-gc', '--import', './bench/stream-memory-probe.mjs'], ipc: true };
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Memory {
  readonly rss: number;
  readonly heapTotal: number;
  readonly heapUsed: number;
  readonly external: number;
}

/** Asks a server's probe (stream-memory-probe.mjs) and resolves with its answer. */
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

/** A server's memory after a forced full GC. */
const memory = (server: ChildProcess) => probe<Memory>(server, 'memory');
/** A server's CPU time so far, in milliseconds. */
const cpuMs = async (server: ChildProcess) => {
  const { user, system } = await probe<{ user: number; system: number }>(server, 'cpu');
  return (user + system) / 1000;
};

/**
 * Per stream, in KiB. Resident memory counts the V8 heap by committed pages, and room
 * left in the heap from start-up absorbs new objects without growing it; so `total`
 * counts the heap by its live bytes and the rest (sockets, parsers, Buffers: malloc'd)
 * by resident memory outside the heap. `live` is the heap and external memory alone,
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

interface Run extends ReturnType<typeof memoryPerStream> {
  readonly p50: number;
  readonly p99: number;
  /** The server's CPU time per change, all streams included: what background load disturbs least. */
  readonly cpuMs: number;
}

const percentile = (xs: readonly number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};
const median = (xs: readonly number[]) => percentile(xs, 50);

interface Contender {
  readonly child: ChildProcess;
  readonly streamUrl: string;
  readonly auth: string;
  /** Makes change `i` and resolves when the server has answered. */
  change(i: number): Promise<void>;
}

async function admin(base: string, method: string, path: string, body?: unknown) {
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

async function startFloor(): Promise<Contender> {
  const floor = await startChild(['bench/floor-sse-server.mjs'], {}, /^(\d+)\n/, PROBED);
  const url = `http://127.0.0.1:${floor.match[1]}`;
  // A patch of the shape Switchyard sends (Switchyard's carries the whole flag).
  const message = JSON.stringify({
    path: '/flags/kill-switch',
    data: { key: 'kill-switch', version: 1, on: true },
  });
  return {
    child: floor.child,
    streamUrl: `${url}/all`,
    auth: '',
    change: async () => {
      await (await fetch(`${url}/change`, { method: 'POST', body: message })).text();
    },
  };
}

async function startSwitchyard(dataDir: string): Promise<Contender> {
  const server = await startChild(
    ['packages/server/bin/switchyard.js', 'serve', '--port', '0', '--data-dir', dataDir],
    { SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'info' },
    /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/,
    PROBED,
  );
  const base = server.match[1] as string;
  await admin(base, 'POST', '/api/v1/projects', { key: 'bench', name: 'Bench' });
  const env = await admin(base, 'GET', '/api/v1/projects/bench/environments/production');
  await admin(base, 'POST', '/api/v1/projects/bench/flags', { key: 'kill-switch', name: 'Kill switch' });
  const toggle = '/api/v1/projects/bench/flags/kill-switch/environments/production/toggle';
  return {
    child: server.child,
    streamUrl: `${base}/all`,
    auth: String(env.sdkKey),
    change: async (i) => {
      await admin(base, 'POST', toggle, { on: i % 2 === 0 });
    },
  };
}

async function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** The load process (stream-clients.mjs) holding one contender's streams. */
function load(contender: Contender, n: number) {
  const args = [contender.streamUrl, String(n), contender.auth];
  const clients = fork(join(import.meta.dirname, 'stream-clients.mjs'), args, { stdio: 'inherit' });
  const messages: { type: string; change?: number; at?: number; message?: string }[] = [];
  let wake = () => {};
  clients.on('message', (m: { type: string }) => {
    messages.push(m);
    wake();
  });
  // The load process stamps each receipt itself, so how soon this wakes does not matter.
  const waitFor = async <T>(find: () => T | undefined, ms: number, what: string): Promise<T> => {
    const deadline = Date.now() + ms;
    for (let found = find(); ; found = find()) {
      if (found !== undefined) return found;
      if (Date.now() > deadline) {
        const errors = messages.filter((m) => m.type === 'error').slice(0, 3);
        throw new Error(`timed out: ${what}; ${JSON.stringify(errors)}`);
      }
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 50);
      });
    }
  };
  return {
    ready: () => waitFor(() => messages.find((m) => m.type === 'ready'), 120_000, `${n} streams open`),
    /** When the last stream received change `i`. */
    receipt: async (i: number) =>
      (await waitFor(() => messages.find((m) => m.type === 'all' && m.change === i), 30_000, `change ${i}`))
        .at as number,
    exit: async () => {
      clients.send('exit');
      await new Promise((r) => clients.once('exit', r));
    },
  };
}

/**
 * Both servers hold N streams at once, and their changes alternate (which goes first
 * swaps each time), so the background load of the shared machine falls on both alike.
 */
async function runOnce(n: number, dataDir: string): Promise<[Run, Run]> {
  const contenders = [await startFloor(), await startSwitchyard(dataDir)];
  try {
    await sleep(500);
    const before = await Promise.all(contenders.map((c) => memory(c.child)));
    const loads = contenders.map((c) => load(c, n));
    try {
      await Promise.all(loads.map((l) => l.ready()));
      await sleep(1000);
      const after = await Promise.all(contenders.map((c) => memory(c.child)));
      const cpuBefore = await Promise.all(contenders.map((c) => cpuMs(c.child)));
      const latencies: number[][] = [[], []];
      for (let i = 0; i < CHANGES; i++) {
        for (const k of i % 2 === 0 ? [0, 1] : [1, 0]) {
          const started = now();
          await (contenders[k] as Contender).change(i);
          const at = await (loads[k] as ReturnType<typeof load>).receipt(i);
          (latencies[k] as number[]).push(at - started);
          await sleep(100);
        }
      }
      const cpuAfter = await Promise.all(contenders.map((c) => cpuMs(c.child)));
      const run = (k: number): Run => ({
        p50: percentile(latencies[k] as number[], 50),
        p99: percentile(latencies[k] as number[], 99),
        cpuMs: ((cpuAfter[k] as number) - (cpuBefore[k] as number)) / CHANGES,
        ...memoryPerStream(before[k] as Memory, after[k] as Memory, n),
      });
      return [run(0), run(1)];
    } finally {
      await Promise.all(loads.map((l) => l.exit()));
    }
  } finally {
    await Promise.all(contenders.map((c) => stopped(c.child)));
  }
}

/** How much of the last minute runnable tasks waited for a CPU (Linux PSI), to show how noisy a run was. */
function cpuPressure(): string {
  try {
    const some = /some avg10=[\d.]+ avg60=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return some ? `cpu pressure ${some[1]}%` : '';
  } catch {
    return '';
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
    `ratios p50 ${ratio(s.p50, f.p50)} p99 ${ratio(s.p99, f.p99)} cpu ${ratio(s.cpuMs, f.cpuMs)} ` +
    `total ${ratio(s.totalKiB, f.totalKiB)} live ${ratio(s.liveKiB, f.liveKiB)}`
  );
}

function medianRun(runs: readonly Run[]): Run {
  const of = (f: (r: Run) => number) => median(runs.map(f));
  return {
    p50: of((r) => r.p50),
    p99: of((r) => r.p99),
    cpuMs: of((r) => r.cpuMs),
    totalKiB: of((r) => r.totalKiB),
    liveKiB: of((r) => r.liveKiB),
    rssKiB: of((r) => r.rssKiB),
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
  const results = new Map<number, { floor: Run[]; switchyard: Run[] }>();
  try {
    for (let run = 0; run < RUNS; run++) {
      for (const n of SIZES) {
        const [f, s] = await runOnce(n, join(dataDir, `${run}-${n}`));
        const entry = results.get(n) ?? { floor: [], switchyard: [] };
        entry.floor.push(f);
        entry.switchyard.push(s);
        results.set(n, entry);
        console.log(`${line(n, `run ${run + 1}`, f, s)} | ${cpuPressure()}`);
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(
    `\nwrite to last receipt over ${CHANGES} changes, server CPU per change; memory per stream after a forced GC:` +
      ' total (live heap + resident memory outside the heap), live (heap + external), rss (resident growth)' +
      `\ntargets: latency p50 and p99 <= 1.5x the floor's, memory <= 2x the floor's; medians of ${RUNS} run(s)`,
  );
  for (const [n, { floor, switchyard }] of results) {
    console.log(line(n, 'median', medianRun(floor), medianRun(switchyard)));
  }
}

await main();
