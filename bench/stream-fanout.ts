/**
 * Streaming fan-out: N server-side SDK streams (`GET /all`) held by a separate load
 * process, a flag changed 20 times through the admin API; for each change, the time
 * from the admin write to the last stream's receipt, and server memory per stream.
 * Beside it, in the same run, a bare Node SSE broadcast server (the floor).
 *
 *   npm run bench:streams          BENCH_STREAMS=1000,10000 BENCH_CHANGES=20
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild } from './child-server.js';

const SIZES = (process.env.BENCH_STREAMS ?? '1000,10000').split(',').map(Number);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 20);
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const now = () => performance.timeOrigin + performance.now();

function rssKiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0);
}

interface Run {
  p50: number;
  p99: number;
  kibPerStream: number;
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};

/** Opens `n` streams from a load process, then makes `CHANGES` changes and times each. */
async function measure(
  pid: number,
  url: string,
  auth: string,
  n: number,
  change: (i: number) => Promise<void>,
): Promise<Run> {
  await new Promise((r) => setTimeout(r, 500));
  const before = rssKiB(pid);
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
  const after = rssKiB(pid);
  const latencies: number[] = [];
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
  clients.send('exit');
  await new Promise((r) => clients.once('exit', r));
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    kibPerStream: (after - before) / n,
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

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
  const results: string[] = [];
  try {
    for (const n of SIZES) {
      const floor = await startChild(['bench/floor-sse-server.mjs'], {}, /^(\d+)\n/);
      const floorUrl = `http://127.0.0.1:${floor.match[1]}`;
      const message = JSON.stringify({
        path: '/flags/kill-switch',
        data: { key: 'kill-switch', version: 1, on: true },
      });
      const f = await measure(floor.child.pid as number, `${floorUrl}/all`, '', n, async () => {
        await fetch(`${floorUrl}/change`, { method: 'POST', body: message });
      });
      floor.child.kill('SIGTERM');

      const server = await startChild(
        ['packages/server/bin/switchyard.js', 'serve', '--port', '0', '--data-dir', join(dataDir, String(n))],
        { SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'info' },
        /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/,
      );
      const base = server.match[1] as string;
      await admin(base, 'POST', '/api/v1/projects', { key: 'bench', name: 'Bench' });
      const env = await admin(base, 'GET', '/api/v1/projects/bench/environments/production');
      await admin(base, 'POST', '/api/v1/projects/bench/flags', { key: 'kill-switch', name: 'Kill switch' });
      const s = await measure(server.child.pid as number, `${base}/all`, String(env.sdkKey), n, async (i) => {
        await admin(base, 'POST', '/api/v1/projects/bench/flags/kill-switch/environments/production/toggle', {
          on: i % 2 === 0,
        });
      });
      server.child.kill('SIGTERM');
      results.push(
        `${String(n).padStart(6)} | floor p50 ${f.p50.toFixed(1)} p99 ${f.p99.toFixed(1)} ms, ${f.kibPerStream.toFixed(1)} KiB/stream | ` +
          `switchyard p50 ${s.p50.toFixed(1)} p99 ${s.p99.toFixed(1)} ms, ${s.kibPerStream.toFixed(1)} KiB/stream | ` +
          `ratios p50 ${(s.p50 / f.p50).toFixed(2)} p99 ${(s.p99 / f.p99).toFixed(2)} memory ${(s.kibPerStream / f.kibPerStream).toFixed(2)}`,
      );
      console.log(results.at(-1));
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(
    `\nwrite to last receipt over ${CHANGES} changes (targets: latency <= 1.5x floor, memory <= 2x floor)`,
  );
  for (const line of results) console.log(line);
}

await main();
