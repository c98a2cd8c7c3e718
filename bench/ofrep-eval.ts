/**
 * OFREP single-flag evaluations per second and latency at 50 concurrent connections
 * (autocannon), Switchyard beside a bare Node server returning a constant body (the
 * floor), interleaved in one run. Each server runs in its own process.
 *
 *   npm run bench:ofrep            BENCH_ROUNDS=3 BENCH_SECONDS=8 by default
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startChild } from './child-server.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 50;
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';

interface Sample {
  rps: number;
  p50: number;
  p99: number;
}

async function admin(
  base: string,
  method: string,
  path: string,
  body: unknown,
): Promise<{ sdkKey?: string }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { sdkKey?: string };
}

async function load(url: string, headers: Record<string, string>, body: string): Promise<Sample> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers,
    body,
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
  const floor = await startChild(['bench/floor-server.mjs'], {}, /^(\d+)\n/);
  const floorUrl = `http://127.0.0.1:${floor.match[1]}/ofrep/v1/evaluate/flags/checkout`;
  const server = await startChild(
    ['packages/server/bin/switchyard.js', 'serve', '--port', '0', '--data-dir', dataDir],
    { SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'info' },
    /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/,
  );
  const base = server.match[1] as string;
  try {
    await admin(base, 'POST', '/api/v1/projects', { key: 'bench', name: 'Bench' });
    const env = (await (
      await fetch(`${base}/api/v1/projects/bench/environments/production`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      })
    ).json()) as { sdkKey: string };
    await admin(base, 'POST', '/api/v1/projects/bench/flags', { key: 'checkout', name: 'Checkout' });
    await admin(base, 'PUT', '/api/v1/projects/bench/flags/checkout/environments/production', {
      on: true,
      offVariation: 1,
      targets: [{ variation: 0, values: Array.from({ length: 100 }, (_, i) => `target-${i}`) }],
      rules: [
        {
          clauses: [{ contextKind: 'user', attribute: 'email', op: 'endsWith', values: ['@example.com'] }],
          variation: 0,
        },
      ],
      fallthrough: {
        rollout: {
          variations: [
            { variation: 0, weight: 50000 },
            { variation: 1, weight: 50000 },
          ],
        },
      },
    });
    const body = JSON.stringify({ context: { targetingKey: 'user-123', email: 'someone@elsewhere.org' } });
    const headers = { authorization: env.sdkKey, 'content-type': 'application/json' };
    const floorSamples: Sample[] = [];
    const samples: Sample[] = [];
    await load(`${base}/ofrep/v1/evaluate/flags/checkout`, headers, body); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      floorSamples.push(await load(floorUrl, headers, body));
      samples.push(await load(`${base}/ofrep/v1/evaluate/flags/checkout`, headers, body));
      console.log(
        `round ${round + 1}: floor ${floorSamples.at(-1)?.rps.toFixed(0)} req/s, switchyard ${samples.at(-1)?.rps.toFixed(0)} req/s`,
      );
    }
    const f = {
      rps: median(floorSamples.map((x) => x.rps)),
      p50: median(floorSamples.map((x) => x.p50)),
      p99: median(floorSamples.map((x) => x.p99)),
    };
    const sy = {
      rps: median(samples.map((x) => x.rps)),
      p50: median(samples.map((x) => x.p50)),
      p99: median(samples.map((x) => x.p99)),
    };
    console.log(
      `\nOFREP single-flag evaluation, ${CONNECTIONS} connections, ${ROUNDS} rounds x ${SECONDS}s (medians)`,
    );
    console.log('                     req/s      p50 ms   p99 ms');
    console.log(
      `floor (bare Node)  ${f.rps.toFixed(0).padStart(8)}  ${String(f.p50).padStart(8)} ${String(f.p99).padStart(8)}`,
    );
    console.log(
      `switchyard         ${sy.rps.toFixed(0).padStart(8)}  ${String(sy.p50).padStart(8)} ${String(sy.p99).padStart(8)}`,
    );
    const ratio = sy.rps / f.rps;
    console.log(
      `ratio switchyard/floor: ${ratio.toFixed(2)} (target >= 0.50: ${ratio >= 0.5 ? 'PASS' : 'MISS'})`,
    );
  } finally {
    floor.child.kill('SIGTERM');
    server.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
