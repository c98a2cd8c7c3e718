/**
 * Evaluation throughput of @switchyard/node-sdk against the official LaunchDarkly Node SDK, both
 * connected to one Switchyard server, with analytics events off and on, beside the engine alone;
 * then each SDK's heap per 10,000 flags, each measured in a process of its own.
 * See bench/README.md for the method. Run with `npm run bench:sdk`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { hash } from 'node:crypto';
import os from 'node:os';
import { promisify } from 'node:util';
import { type LDEvaluationDetail, init as ldInit } from '@launchdarkly/node-server-sdk';
import {
  createEvaluator,
  parseContext,
  prepareSnapshot,
  variationDetail,
} from '../packages/engine/dist/index.js';
import { init as ourInit } from '../packages/node-sdk/dist/index.js';
import { compileRe2Pattern } from '../packages/patterns/dist/index.js';
import {
  checksumSoFar,
  envNumber,
  fmt,
  fmtRatio,
  measureInterleaved,
  median,
  type Pass,
  table,
} from './bench-kit.js';
import { ALL_CASES, ALL_FLAGS, type FlagCase, makePool, type PoolUser, segment } from './eval-fixtures.js';
import { startBenchServer, startEventsSink } from './sdk-bench-server.js';

const ROUNDS = Math.round(envNumber('BENCH_ROUNDS', 7));
const SECONDS = envNumber('BENCH_SECONDS', 1);
const WARMUP_SECONDS = envNumber('BENCH_WARMUP_SECONDS', 1);
const POOL_SIZE = Math.round(envNumber('BENCH_POOL', 5000));
const REPEAT_POOL_SIZE = Math.round(envNumber('BENCH_REPEAT_POOL', 500));
const SEED = Math.round(envNumber('BENCH_SEED', 20240611));
const LD_GROUP = Math.round(envNumber('BENCH_LD_GROUP', 100));
const MEMORY_FLAGS = Math.round(envNumber('BENCH_MEMORY_FLAGS', 10_000));
const STRICT = process.env.BENCH_STRICT === '1';
const TARGET_VS_LD = 3;
const TARGET_VS_ENGINE = 0.5;
/** How many context keys both SDKs remember for index-event deduplication (LaunchDarkly's default). */
const CONTEXT_WINDOW = 1_000;

const CONTENDERS = ['engine', 'ours-off', 'ld-off', 'ours-on', 'ld-on'] as const;
type ContenderName = (typeof CONTENDERS)[number];
/** `repeating`: a few hundred contexts, each back within the index-event window; `unseen`: never back in it. */
type PoolKind = 'repeating' | 'unseen';
interface Contender {
  readonly name: ContenderName;
  readonly poolKind: PoolKind;
  readonly flag: FlagCase;
  readonly pass: Pass;
}

const silent = { error() {}, warn() {}, info() {}, debug() {} };
const byKey = <T extends { key?: string }>(items: readonly T[]) =>
  Object.fromEntries(items.map((item) => [item.key as string, item]));

/** `count` flags cycling through the three benchmark shapes, each under its own key and salt. */
function memoryFlags(count: number): Record<string, unknown> {
  const shapes = ALL_FLAGS.filter((f) => f.key !== 'checkout-enabled');
  const flags: Record<string, unknown> = byKey(ALL_FLAGS);
  for (let i = 0; i < count - ALL_FLAGS.length; i++) {
    const shape = shapes[i % shapes.length];
    flags[`mem-${i}`] = { ...shape, key: `mem-${i}`, salt: `mem-salt-${i}` };
  }
  return flags;
}

const run = promisify(execFile);

/** Heap growth of one SDK's client holding one environment, in a fresh process. */
async function probeHeap(
  sdk: 'ours' | 'ld',
  url: string,
  sdkKey: string,
  probeFlag: string,
): Promise<number> {
  const { stdout } = await run(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', 'bench/sdk-memory-probe.ts'],
    {
      cwd: new URL('..', import.meta.url).pathname,
      env: { ...process.env, PROBE_SDK: sdk, PROBE_URL: url, PROBE_SDK_KEY: sdkKey, PROBE_FLAG: probeFlag },
      maxBuffer: 1024 * 1024,
    },
  );
  return (JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { bytes: number }).bytes;
}

const comparable = (d: { value: unknown; variationIndex?: number | null; reason?: unknown }) => ({
  value: d.value,
  variationIndex: d.variationIndex ?? null,
  reason: d.reason,
});

interface Clients {
  readonly ours: Record<'off' | 'on', ReturnType<typeof ourInit>>;
  readonly ld: Record<'off' | 'on', ReturnType<typeof ldInit>>;
  readonly evaluator: ReturnType<typeof createEvaluator>;
  readonly snapshot: ReturnType<typeof prepareSnapshot>;
}

/** Every contender over `pool`: the engine and each SDK with events off and on, for each flag. */
function contendersFor(
  pool: readonly PoolUser[],
  poolKind: PoolKind,
  { ours, ld, evaluator, snapshot }: Clients,
): Contender[] {
  const contenders: Contender[] = [];
  for (const flag of ALL_CASES) {
    const { key, defaultValue } = flag;
    contenders.push({
      name: 'engine',
      poolKind,
      flag,
      pass: () => {
        let sum = 0;
        for (const user of pool) {
          sum +=
            variationDetail(evaluator.evaluate(snapshot, key, parseContext(user)), defaultValue, 'any')
              .variationIndex ?? -1;
        }
        return sum;
      },
    });
    for (const events of ['off', 'on'] as const) {
      const client = ours[events];
      contenders.push({
        name: `ours-${events}`,
        poolKind,
        flag,
        pass: () => {
          let sum = 0;
          for (const context of pool)
            sum += client.jsonVariationDetail(key, context, defaultValue).variationIndex ?? -1;
          return sum;
        },
      });
      const theirs = ld[events];
      let ldSum = 0;
      const onDetail = (_err: unknown, detail: LDEvaluationDetail): void => {
        ldSum += detail.variationIndex ?? -1;
      };
      contenders.push({
        name: `ld-${events}`,
        poolKind,
        flag,
        // The callback form, its promises settled in small groups, as in engine-eval.ts.
        pass: async () => {
          ldSum = 0;
          let last: Promise<LDEvaluationDetail> | undefined;
          for (let i = 0; i < pool.length; i++) {
            last = theirs.variationDetail(key, pool[i] as (typeof pool)[number], defaultValue, onDetail);
            if (i % LD_GROUP === LD_GROUP - 1) await last;
          }
          await last;
          return ldSum;
        },
      });
    }
  }

  return contenders;
}

/** One pool's table; returns how many targets it missed. */
function report(rates: Map<Contender, number[]>, poolKind: PoolKind, distinct: number): number {
  const contenders = [...rates.keys()].filter((c) => c.poolKind === poolKind);
  const rate = (flag: FlagCase, name: ContenderName): number =>
    median(rates.get(contenders.find((c) => c.flag === flag && c.name === name) as Contender) ?? []);
  let missed = 0;
  const verdict = (ratio: number, target: number): string => {
    if (ratio < target) missed++;
    return `${fmtRatio(ratio)} ${ratio >= target ? 'PASS' : 'MISS'}`;
  };
  const rows: string[][] = [
    [
      'flag',
      'events',
      'engine',
      'our SDK',
      'LD SDK',
      `ours/LD >=${TARGET_VS_LD}x`,
      `ours/engine >=${TARGET_VS_ENGINE}x`,
    ],
  ];
  for (const flag of ALL_CASES) {
    const engine = rate(flag, 'engine');
    for (const events of ['off', 'on'] as const) {
      const mine = rate(flag, `ours-${events}`);
      const theirs = rate(flag, `ld-${events}`);
      rows.push([
        flag.title,
        events,
        fmt(engine),
        fmt(mine),
        fmt(theirs),
        verdict(mine / theirs, TARGET_VS_LD),
        verdict(mine / engine, TARGET_VS_ENGINE),
      ]);
    }
  }
  console.log(
    `\nevaluations per second, medians of ${ROUNDS} rounds, ${fmt(POOL_SIZE)} evaluations a pass over ` +
      (poolKind === 'repeating'
        ? `${fmt(distinct)} distinct contexts (each back within the ${fmt(CONTEXT_WINDOW)}-key index-event window)`
        : `${fmt(distinct)} distinct contexts (each one unseen when evaluated)`),
  );
  console.log(table(rows));
  return missed;
}

async function main(): Promise<void> {
  const started = Date.now();
  const pool = makePool(POOL_SIZE, SEED);
  let missed = 0;
  const sink = await startEventsSink();
  const server = await startBenchServer();
  const data = { flags: byKey(ALL_FLAGS), segments: { [segment.key as string]: segment } };
  const sdkKey = await server.project('bench', data);
  const url = server.url;
  const ours = {
    off: ourInit(sdkKey, { baseUri: url, sendEvents: false }),
    on: ourInit(sdkKey, { baseUri: url, eventsUri: sink.url, sendEvents: true }),
  };
  const ldOptions = { baseUri: url, streamUri: url, diagnosticOptOut: true, logger: silent };
  const ld = {
    off: ldInit(sdkKey, { ...ldOptions, sendEvents: false }),
    on: ldInit(sdkKey, { ...ldOptions, eventsUri: sink.url, sendEvents: true }),
  };
  const evaluator = createEvaluator({ sha1Hex: (s: string) => hash('sha1', s, 'hex') });
  const snapshot = prepareSnapshot(data, { compilePattern: compileRe2Pattern });
  try {
    await Promise.all(
      [...Object.values(ours), ...Object.values(ld)].map((c) => c.waitForInitialization({ timeout: 60 })),
    );

    // Correctness first: the three agree on every context of the pool.
    for (const flag of ALL_CASES) {
      for (const user of pool) {
        const theirs = comparable(await ld.off.variationDetail(flag.key, user, flag.defaultValue));
        const mine = comparable(ours.off.jsonVariationDetail(flag.key, user, flag.defaultValue));
        const engine = comparable(
          variationDetail(
            evaluator.evaluate(snapshot, flag.key, parseContext(user)),
            flag.defaultValue,
            'any',
          ),
        );
        assert.deepEqual(mine, theirs, `our SDK vs LD SDK on ${flag.key} for ${user.key}`);
        assert.deepEqual(engine, theirs, `engine vs LD SDK on ${flag.key} for ${user.key}`);
      }
    }
    console.log(
      `the engine, our SDK and the LD SDK agree on ${pool.length} contexts for the ${ALL_CASES.length} flags`,
    );

    // Contexts that come back within the SDKs' 1,000-key index-event window (a service evaluating flags
    // for the users active now), and contexts that never do (the overload case): see ADR 0020. Both
    // pools have POOL_SIZE entries, so all 30 contenders are measured interleaved in one run.
    const few = makePool(Math.min(REPEAT_POOL_SIZE, CONTEXT_WINDOW / 2), SEED);
    const repeating = Array.from({ length: pool.length }, (_, i) => few[i % few.length] as PoolUser);
    const clients = { ours, ld, evaluator, snapshot };
    const contenders = [
      ...contendersFor(repeating, 'repeating', clients),
      ...contendersFor(pool, 'unseen', clients),
    ];
    console.log(
      `${contenders.length} contenders, warm-up ${WARMUP_SECONDS}s each, ${ROUNDS} rounds x ${SECONDS}s interleaved ` +
        `(~${Math.round(contenders.length * (WARMUP_SECONDS + ROUNDS * SECONDS))}s)`,
    );
    const rates = await measureInterleaved(contenders, {
      poolSize: pool.length,
      rounds: ROUNDS,
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
    });
    missed += report(rates, 'repeating', few.length);
    missed += report(rates, 'unseen', pool.length);
  } finally {
    for (const c of Object.values(ours)) await c.close();
    for (const c of Object.values(ld)) c.close();
  }

  try {
    const memoryKey = await server.project('bench-memory', {
      flags: memoryFlags(MEMORY_FLAGS),
      segments: data.segments,
    });
    const emptyKey = await server.project('bench-empty');
    const probeFlag = `mem-${MEMORY_FLAGS - ALL_FLAGS.length - 1}`;
    const rows: string[][] = [['SDK', 'empty env', `${fmt(MEMORY_FLAGS)} flags`, 'per 10,000 flags']];
    const perTenThousand: number[] = [];
    for (const sdk of ['ours', 'ld'] as const) {
      const empty = await probeHeap(sdk, server.url, emptyKey, '');
      const full = await probeHeap(sdk, server.url, memoryKey, probeFlag);
      const per = ((full - empty) * 10_000) / MEMORY_FLAGS;
      perTenThousand.push(per);
      const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
      rows.push([sdk === 'ours' ? 'our SDK' : 'LD SDK', mb(empty), mb(full), mb(per)]);
    }
    console.log('\nheap after GC (growth over the process before the client), one process per figure');
    console.log(table(rows));
    console.log(
      `ours/LD heap per 10,000 flags: ${fmtRatio((perTenThousand[0] ?? 0) / (perTenThousand[1] ?? 1))}`,
    );
  } finally {
    server.stop();
    sink.stop();
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `\n${new Date().toISOString()}  node ${process.version}  ${cpu} x${os.availableParallelism()}  ` +
      `${((Date.now() - started) / 1000).toFixed(0)}s  (checksum ${checksumSoFar()})`,
  );
  if (missed > 0 && STRICT) process.exitCode = 1;
}

await main();
