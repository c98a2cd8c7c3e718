/**
 * The noisy-customer drill (issue 5), in two parts, each against a Switchyard server in
 * its own process with RabbitMQ (AMQP_URL, default the local broker):
 *
 * 1. Throughput: batches of 100 events posted to `/bulk` at a fixed concurrency, made
 *    durable through RabbitMQ before the 202, beside a bare Node server that only parses
 *    and counts the same batches (the floor), interleaved in one run.
 * 2. The drill: three accounts at steady rates and one that spikes to 20x. The steady
 *    accounts' p99 latency and throughput at baseline, during the spike without
 *    intervention, once the automatic circuit breaker has throttled the spiker, and after
 *    an operator's kill switch; then the time from a kill-switch write to enforcement.
 *
 *   npm run bench:events     BENCH_ROUNDS=3 BENCH_SECONDS=8 BENCH_PHASE_SECONDS=8
 *                            BENCH_DRILL_ROUNDS=5 BENCH_SETTLE_MS=2000
 *                            BENCH_PARTS=throughput,drill (either alone to run only that part)
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import autocannon from 'autocannon';
import { ADMIN_TOKEN, adminApi, startChild } from './child-server.js';
import { eventBatch } from './event-payload.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DRILL_ROUNDS = Number(process.env.BENCH_DRILL_ROUNDS ?? 5);
/** How long a spike runs (under its guard, if any) before the steady accounts are measured. */
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const PHASE_SECONDS = Number(process.env.BENCH_PHASE_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const STEADY_RPS = Number(process.env.BENCH_STEADY_RPS ?? 60);
const SPIKE = 20;
const FLIPS = Number(process.env.BENCH_FLIPS ?? 20);
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const EVENTS = 100;
const BODY = JSON.stringify(eventBatch(EVENTS));
const PROBE = JSON.stringify(eventBatch(1));
const SYSTEM_FLAGS = '/api/v1/projects/switchyard-system/flags';
/** BENCH_CPU_PROFILE=dir: each Switchyard server writes a V8 CPU profile there when it stops. */
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;
const PARTS = new Set((process.env.BENCH_PARTS ?? 'throughput,drill').split(','));
const TICKS_PER_SECOND = 100;

/** CPU seconds a process has used (user + system), from /proc; 0 when it cannot be read. */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The RabbitMQ node's Erlang VM (beam.smp), or undefined when it is not local. */
function brokerPid(): number | undefined {
  try {
    const out = execFileSync('pgrep', ['-u', 'rabbitmq', 'beam.smp'], { encoding: 'utf8' });
    return Number(out.trim().split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}

interface Sample {
  readonly eventsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const percentile = (xs: readonly number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};

/** Posts event batches to `url`, each with its own payload ID, as fast as `connections` allow. */
async function load(url: string, sdkKey: string, seconds: number, connections: number) {
  const result = await autocannon({
    url,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { authorization: sdkKey, 'content-type': 'application/json' },
    requests: [
      {
        body: BODY,
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, 'x-launchdarkly-payload-id': randomUUID() },
        }),
      },
    ],
  });
  const ok = result['2xx'];
  return {
    eventsPerSecond: (ok * EVENTS) / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors,
  } satisfies Sample;
}

/**
 * Posts event batches at evenly spaced moments, `rate` a second, at most `connections`
 * at once. Latency counts from each post's planned moment, so a stall that holds posts
 * back is not hidden. (autocannon's `overallRate` sends each second's quota in a burst at
 * the start of the second, which measures the burst's queueing rather than the server.)
 */
async function paced(
  url: string,
  sdkKey: string,
  seconds: number,
  rate: number,
  connections: number,
  startAt = Date.now(),
) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const send = (planned: number) =>
    new Promise<void>((resolve) => {
      const request = http.request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            authorization: sdkKey,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(BODY),
            'x-launchdarkly-payload-id': randomUUID(),
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            latencies.push(performance.now() - planned);
            if (response.statusCode === 202) ok += 1;
            else failed += 1;
            resolve();
          });
        },
      );
      request.on('error', () => {
        failed += 1;
        resolve();
      });
      request.end(BODY);
    });
  const started = performance.now() + Math.max(0, startAt - Date.now());
  const total = Math.round(rate * seconds);
  const posts: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const planned = started + (i * 1000) / rate;
    const wait = planned - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    posts.push(send(planned));
  }
  await Promise.all(posts);
  agent.destroy();
  return {
    eventsPerSecond: (ok * EVENTS) / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    non2xx: failed,
    latencies,
  } satisfies Sample & { latencies: number[] };
}

interface SpikerOutcome {
  readonly eventsPerSecond: number;
  readonly failed: number;
  /** Cores its load generator kept busy. */
  readonly cores: number;
}

/**
 * The spiker's posts, paced from a process of its own (bench/spike-load.ts): the spiker is
 * another customer's SDKs, and its load generator must not hold the event loop that times
 * the steady accounts' posts. Resolves once it is started and connected; `go(startAt)`
 * starts its posts at that moment (epoch ms) and resolves with their outcome.
 */
async function startSpiker(url: string, sdkKey: string, seconds: number, rate: number, connections: number) {
  const args = [url, sdkKey, seconds, rate, connections].map(String);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'spike-load.ts'), ...args],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let out = '';
  const outcome = new Promise<SpikerOutcome>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.slice(out.indexOf('\n') + 1)))
        : reject(new Error(`the spiker's load generator exited ${code}`)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.startsWith('ready\n')) resolve();
    });
    outcome.catch(reject);
  });
  return {
    go: (startAt: number): Promise<SpikerOutcome> => {
      child.stdin.end(`${startAt}\n`);
      return outcome;
    },
  };
}

async function startSwitchyard(dataDir: string, prefix: string, extra: Record<string, string> = {}) {
  const server = await startChild(
    ['packages/server/bin/switchyard.js', 'serve', '--port', '0', '--data-dir', dataDir],
    {
      SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN,
      LOG_LEVEL: 'info',
      AMQP_URL,
      SWITCHYARD_AMQP_PREFIX: prefix,
      ...extra,
    },
    /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/,
    { nodeArgs: PROFILE_DIR === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] },
  );
  return { child: server.child, base: server.match[1] as string };
}

async function account(api: ReturnType<typeof adminApi>, key: string): Promise<string> {
  await api('POST', '/api/v1/accounts', { key, name: key });
  await api('POST', '/api/v1/projects', { key: `${key}-app`, name: key, account: key });
  return (await api('GET', `/api/v1/projects/${key}-app/environments/production`)).sdkKey as string;
}

interface Contender {
  readonly name: string;
  readonly url: string;
  readonly sdkKey: string;
  /** The broker queues to see empty before its next round (its consumers' backlog). */
  readonly prefix?: string;
  /** The server's process, whose CPU time is measured. */
  readonly pid?: number;
}

/** Cores each party kept busy during one sample: the server, RabbitMQ, the load generator. */
interface Cores {
  readonly server: number;
  readonly broker: number;
  readonly load: number;
}

/** Rounds interleave the contenders; each one-node round starts with its queues drained. */
async function throughput(contenders: readonly Contender[]): Promise<void> {
  const samples = new Map<string, (Sample & { readonly cores: Cores })[]>(
    contenders.map((c) => [c.name, []]),
  );
  const broker = brokerPid();
  for (const c of contenders) await load(c.url, c.sdkKey, 2, CONNECTIONS); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    const line: string[] = [];
    for (const c of contenders) {
      if (c.prefix !== undefined) await queuesDrained(c.prefix, 120_000);
      const before = { server: cpuSeconds(c.pid), broker: cpuSeconds(broker), load: process.cpuUsage() };
      const started = performance.now();
      const sample = await load(c.url, c.sdkKey, SECONDS, CONNECTIONS);
      const wall = (performance.now() - started) / 1000;
      const loadCpu = process.cpuUsage(before.load);
      const cores = {
        server: (cpuSeconds(c.pid) - before.server) / wall,
        broker: (cpuSeconds(broker) - before.broker) / wall,
        load: (loadCpu.user + loadCpu.system) / 1e6 / wall,
      };
      samples.get(c.name)?.push({ ...sample, cores });
      line.push(`${c.name}: ${sample.eventsPerSecond.toFixed(0)} (non-2xx ${sample.non2xx})`);
    }
    console.log(`round ${round + 1}: ${line.join('; ')}`);
  }
  console.log(
    `\nIngest, ${EVENTS} events per request, ${CONNECTIONS} connections, medians of ${ROUNDS} rounds`,
  );
  const floorEps = median((samples.get(contenders[0]?.name ?? '') ?? []).map((x) => x.eventsPerSecond));
  for (const c of contenders) {
    const xs = samples.get(c.name) ?? [];
    const eps = median(xs.map((x) => x.eventsPerSecond));
    const p99 = median(xs.map((x) => x.p99));
    const ratio = eps / floorEps;
    const share = (pick: (x: Cores) => number) => median(xs.map((x) => pick(x.cores))).toFixed(2);
    const verdict = `(>= 0.50: ${ratio >= 0.5 ? 'PASS' : 'MISS'}; p99 < 50 ms: ${p99 < 50 ? 'PASS' : 'MISS'})`;
    console.log(
      `${c.name.padEnd(42)} ${eps.toFixed(0).padStart(8)} events/s  p99 ${String(p99).padStart(3)} ms  ` +
        `ratio ${ratio.toFixed(2)} ${c === contenders[0] ? '' : verdict}\n${''.padEnd(42)} ` +
        `cores busy: server ${share((x) => x.server)}, RabbitMQ ${share((x) => x.broker)}, ` +
        `load generator ${share((x) => x.load)}`,
    );
  }
}

/** Waits until every queue of `prefix` on the broker is empty (rabbitmqctl, as root). */
async function queuesDrained(prefix: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const out = execFileSync('rabbitmqctl', ['list_queues', 'name', 'messages', '-q'], { encoding: 'utf8' });
    const backlog = out
      .split('\n')
      .filter((l) => l.startsWith(`${prefix}.`))
      .reduce((sum, l) => sum + Number(l.split(/\s+/)[1] ?? 0), 0);
    if (backlog === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(`(queues of ${prefix} still not empty after ${timeoutMs} ms)`);
}

async function deleteTopology(prefix: string): Promise<void> {
  const connection = await amqp.connect(AMQP_URL);
  const channel = await connection.createChannel();
  for (let shard = 0; shard < 8; shard++) await channel.deleteQueue(`${prefix}.shard.${shard}`);
  await channel.deleteExchange(`${prefix}.events`);
  await connection.close();
}

/**
 * Runs the three steady accounts and the spiker (at `spikeRate`; 0: none of its own) together
 * for one phase; returns the steady accounts' figures.
 */
async function phase(
  base: string,
  steady: readonly string[],
  spiker: string,
  spikeRate: number,
  seconds = PHASE_SECONDS,
  leadMs = 0,
) {
  const spikerProcess =
    spikeRate > 0
      ? await startSpiker(`${base}/bulk`, spiker, seconds + leadMs / 1000, spikeRate, 16)
      : undefined;
  // The spiker begins a moment from now; the steady accounts `leadMs` later.
  const spikeStart = Date.now() + 200;
  const spike = spikerProcess?.go(spikeStart);
  const startAt = spikeStart + leadMs;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - 100 - Date.now())));
  const serverCpu = cpuSeconds(drillServerPid);
  const before = await serverReadings(base); // prom-client resets its event-loop histogram on each scrape
  const runs = steady.map((key) => paced(`${base}/bulk`, key, seconds, STEADY_RPS, 4, startAt));
  const results = await Promise.all(runs);
  const serverCores = (cpuSeconds(drillServerPid) - serverCpu) / seconds;
  const after = await serverReadings(base);
  const [in20, in50, all] = after.confirms.map((n, i) => n - (before.confirms[i] ?? 0));
  /** Of the broker confirms in the phase, the share that took over 20 ms and over 50 ms. */
  const slowConfirms = all ? [1 - (in20 ?? 0) / all, 1 - (in50 ?? 0) / all] : [0, 0];
  const spiked = await spike;
  return {
    serverCores,
    loopMaxMs: after.loopMaxMs,
    slowConfirms,
    /** Cores the spiker's load generator kept busy (it shares the machine with the server). */
    spikerCores: spiked?.cores,
    eventsPerSecond: results.reduce((sum, r) => sum + r.eventsPerSecond, 0),
    // Pooled over the steady accounts' posts: the p99 of one account's 480 posts is mostly noise.
    p99: percentile(
      results.flatMap((r) => r.latencies),
      99,
    ),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
  };
}

/** Posts one batch (by default a single event) and returns what ingest says it did with it. */
async function post(base: string, sdkKey: string, body = PROBE): Promise<string> {
  const response = await fetch(`${base}/bulk`, {
    method: 'POST',
    headers: {
      authorization: sdkKey,
      'content-type': 'application/json',
      'x-launchdarkly-payload-id': randomUUID(),
    },
    body,
  });
  await response.arrayBuffer();
  return response.headers.get('x-switchyard-events') ?? '';
}

async function setKillSwitch(
  api: ReturnType<typeof adminApi>,
  accountKey: string,
  cut: boolean,
): Promise<void> {
  const read = await api('GET', `${SYSTEM_FLAGS}/ingest-events`);
  const { version: _version, salt: _salt, ...targeting } = read.environments.production;
  const off = (read.flag.variations as unknown[]).indexOf(false);
  await api('PUT', `${SYSTEM_FLAGS}/ingest-events/environments/production`, {
    ...targeting,
    contextTargets: cut ? [{ contextKind: 'account', variation: off, values: [accountKey] }] : [],
  });
}

async function liftBreaker(api: ReturnType<typeof adminApi>): Promise<void> {
  const current = (await api('GET', `${SYSTEM_FLAGS}/events-throttled`)).environments.production;
  const { version: _version, salt: _salt, ...targeting } = current;
  await api('PUT', `${SYSTEM_FLAGS}/events-throttled/environments/production`, { ...targeting, rules: [] });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await check()) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 20));
  }
  return Number.NaN;
}

type PhaseResult = Awaited<ReturnType<typeof phase>>;

/** From the server's metrics: the event loop's longest delay since the last scrape (prom-client resets it), and its broker confirms so far by wait. */
async function serverReadings(base: string) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} ([\\d.e+-]+)$`, 'm').exec(text)?.[1] ?? 0);
  const confirms = (le: string) =>
    read(`switchyard_ingest_durable_seconds_bucket\\{le="${le}",durability="broker"\\}`);
  return {
    loopMaxMs: read('nodejs_eventloop_lag_max_seconds') * 1000,
    /** Cumulative counts of broker confirms by wait: within 20 ms, 50 ms, and all. */
    confirms: [confirms('0.02'), confirms('0.05'), confirms('\\+Inf')] as const,
  };
}

const pct = (share = 0) => `${(share * 100).toFixed(1)}%`;

/** The drill's server, whose CPU each phase reports. */
let drillServerPid: number | undefined;

/**
 * One pass of the drill's four phases with its own spiker account (a breaker rule removed
 * early keeps the breaker off that account until the rule's expiry). It leaves the spiker
 * unlimited and not cut off.
 */
async function drillRound(
  base: string,
  api: ReturnType<typeof adminApi>,
  steady: string[],
  spikerKey: string,
  spiker: string,
) {
  const baseline = await phase(base, steady, spiker, STEADY_RPS);
  const spiking = await phase(base, steady, spiker, STEADY_RPS * SPIKE, PHASE_SECONDS, SETTLE_MS);

  // Give the spiker a limit of twice its normal rate: the breaker trips at 5x that.
  await api('PATCH', `/api/v1/accounts/${spikerKey}`, {
    limits: { eventsPerSecond: 2 * STEADY_RPS * EVENTS },
  });
  const spikerProcess = await startSpiker(
    `${base}/bulk`,
    spiker,
    PHASE_SECONDS + 4 + SETTLE_MS / 1000,
    STEADY_RPS * SPIKE,
    16,
  );
  const spikeStart = Date.now() + 200;
  const spikeUnderBreaker = spikerProcess.go(spikeStart);
  const tripped = await waitFor(async () => (await post(base, spiker)).includes('circuit-breaker'), 5000);
  const tripMs = Number.isNaN(tripped) ? tripped : Date.now() - spikeStart;
  // The spike that tripped the breaker goes on, settles under it, and runs through this
  // phase; the phase adds none of its own.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const broken = { ...(await phase(base, steady, spiker, 0)), spikerCores: (await spikeUnderBreaker).cores };

  await api('PATCH', `/api/v1/accounts/${spikerKey}`, { limits: {} });
  await liftBreaker(api);
  await setKillSwitch(api, spikerKey, true);
  const killed = await phase(base, steady, spiker, STEADY_RPS * SPIKE, PHASE_SECONDS, SETTLE_MS);
  await setKillSwitch(api, spikerKey, false);
  return { baseline, spiking, broken, killed, tripMs };
}

async function drill(base: string): Promise<void> {
  const api = adminApi(base);
  const steady = await Promise.all(['steady-1', 'steady-2', 'steady-3'].map((key) => account(api, key)));
  const spikerKeys = Array.from({ length: DRILL_ROUNDS }, (_, i) => `spiker-${i + 1}`);
  const spikers = await Promise.all(spikerKeys.map((key) => account(api, key)));
  const spikerKey = spikerKeys[0] as string;
  const spiker = spikers[0] as string;
  const row = (name: string, r: PhaseResult, ratio?: number) =>
    console.log(
      `${name.padEnd(34)} ${r.eventsPerSecond.toFixed(0).padStart(8)} events/s   p99 ${r.p99.toFixed(1).padStart(5)} ms` +
        `${ratio === undefined ? '        ' : `  ${ratio.toFixed(2)}x`}   non-2xx ${r.non2xx}` +
        `   confirms > 20 ms ${pct(r.slowConfirms[0])}, > 50 ms ${pct(r.slowConfirms[1])}; ` +
        `loop lag max ${r.loopMaxMs.toFixed(0)} ms; cores: server ${r.serverCores.toFixed(2)}` +
        `${r.spikerCores === undefined ? '' : `, spiker's generator ${r.spikerCores.toFixed(2)}`}`,
    );
  console.log(
    `\nDrill: 3 steady accounts at ${STEADY_RPS} req/s each, the spiker at 1x then ${SPIKE}x; ` +
      `steady p99 pooled over their posts; each spike settles ${SETTLE_MS} ms before it is measured; ${DRILL_ROUNDS} rounds`,
  );
  // Unmeasured, as in the throughput part: the accounts' first posts read them from the store.
  await phase(base, steady, spiker, STEADY_RPS, 2);
  const rounds: Awaited<ReturnType<typeof drillRound>>[] = [];
  for (let round = 0; round < DRILL_ROUNDS; round++) {
    const r = await drillRound(base, api, steady, spikerKeys[round] as string, spikers[round] as string);
    rounds.push(r);
    console.log(`round ${round + 1}:`);
    row('  baseline (spiker at 1x)', r.baseline);
    row(`  spike ${SPIKE}x, no intervention`, r.spiking, r.spiking.p99 / r.baseline.p99);
    row(`  spike ${SPIKE}x, circuit breaker`, r.broken, r.broken.p99 / r.baseline.p99);
    row(`  spike ${SPIKE}x, operator kill switch`, r.killed, r.killed.p99 / r.baseline.p99);
    console.log(`    breaker tripped ${r.tripMs.toFixed(0)} ms after the spike began, over its limit`);
  }
  const ratio = (pick: (r: (typeof rounds)[number]) => PhaseResult) =>
    median(rounds.map((r) => pick(r).p99 / r.baseline.p99));
  console.log(
    `steady p99 vs baseline, medians of ${DRILL_ROUNDS} rounds: spike ${ratio((r) => r.spiking).toFixed(2)}x, ` +
      `breaker ${ratio((r) => r.broken).toFixed(2)}x, kill switch ${ratio((r) => r.killed).toFixed(2)}x ` +
      `(target <= 1.5x with a guard acting); baseline p99 median ${median(rounds.map((r) => r.baseline.p99)).toFixed(1)} ms`,
  );

  // Time from a kill-switch write to enforcement at ingest on the same node. The rounds left
  // the spiker not cut off, so every flip changes the flag.
  const enforcement: number[] = [];
  const writes: number[] = [];
  let firstProbe = 0;
  for (let i = 0; i < FLIPS; i++) {
    const cut = i % 2 === 0;
    const started = performance.now();
    await setKillSwitch(api, spikerKey, cut);
    writes.push(performance.now() - started);
    const expected = cut ? 'kill-switch' : 'accepted';
    let probes = 0;
    while (!(await post(base, spiker)).includes(expected) && probes < 100) probes++;
    if (probes === 0) firstProbe++;
    enforcement.push(performance.now() - started);
  }
  console.log(
    `kill switch, write start to enforced at ingest (${FLIPS} flips): p50 ${percentile(enforcement, 50).toFixed(1)} ms, ` +
      `p99 ${percentile(enforcement, 99).toFixed(1)} ms (target 50 ms: ${percentile(enforcement, 99) <= 50 ? 'PASS' : 'MISS'}); ` +
      `the admin write alone p50 ${percentile(writes, 50).toFixed(1)} ms; enforced on the first post after the write: ${firstProbe}/${FLIPS}`,
  );
}

async function main(): Promise<void> {
  const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'switchyard-bench-events-')));
  const prefixes = [`bench-${process.pid}-a`, `bench-${process.pid}-b`];
  const floor = await startChild(['bench/events-floor-server.mjs'], {}, /^(\d+)\n/);
  const oneNode = await startSwitchyard(dirs[0] as string, prefixes[0] as string);
  const ingestOnly = await startSwitchyard(dirs[1] as string, prefixes[1] as string, {
    SWITCHYARD_EVENTS_CONSUME: 'false',
  });
  try {
    const keyA = await account(adminApi(oneNode.base), 'throughput');
    const keyB = await account(adminApi(ingestOnly.base), 'throughput');
    if (PARTS.has('throughput'))
      await throughput([
        {
          name: 'floor (bare Node: parse and count)',
          url: `http://127.0.0.1:${floor.match[1]}/bulk`,
          sdkKey: keyA,
          pid: floor.child.pid,
        },
        {
          name: 'switchyard, one node (ingest + consumers)',
          url: `${oneNode.base}/bulk`,
          sdkKey: keyA,
          prefix: prefixes[0] as string,
          pid: oneNode.child.pid,
        },
        {
          name: 'switchyard, ingest-only node',
          url: `${ingestOnly.base}/bulk`,
          sdkKey: keyB,
          pid: ingestOnly.child.pid,
        },
      ]);
    ingestOnly.child.kill('SIGTERM');
    if (PARTS.has('drill')) {
      await queuesDrained(prefixes[0] as string, 120_000);
      drillServerPid = oneNode.child.pid;
      await drill(oneNode.base);
    }
  } finally {
    floor.child.kill('SIGTERM');
    oneNode.child.kill('SIGTERM');
    ingestOnly.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    for (const prefix of prefixes) await deleteTopology(prefix).catch(() => {});
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
