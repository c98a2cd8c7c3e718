/**
 * Evaluation throughput: @switchyard/engine against the official LaunchDarkly Node SDK
 * (offline, TestData) and, for the targeted-rollout flag, a hand-written floor.
 * See bench/README.md for the method. Run with `npm run bench:engine`.
 */
import assert from 'node:assert/strict';
import { hash } from 'node:crypto';
import os from 'node:os';
import {
  init,
  type LDClient,
  type LDContext,
  type LDEvaluationDetail,
  type LDLogger,
} from '@launchdarkly/node-server-sdk';
import { TestData } from '@launchdarkly/node-server-sdk/integrations';
// The built engine, by path as in scripts/engine-demo.mjs: the root package does not list the workspace.
import {
  createEvaluator,
  parseContext,
  prepareSnapshot,
  variationDetail,
} from '../packages/engine/dist/index.js';
import { compileRe2Pattern } from '../packages/patterns/dist/index.js';
import {
  checksumSoFar,
  envList,
  envNumber,
  fmt,
  fmtRatio,
  measureInterleaved,
  median,
  type Pass,
  table,
} from './bench-kit.js';
import {
  ALL_CASES,
  ALL_FLAGS,
  FLAG_IDS,
  type FlagCase,
  makePool,
  type PoolUser,
  ROLLOUT_SALT,
  RULE0_COUNTRIES,
  RULE0_DOMAIN,
  RULE1_PLANS,
  RULE2_PLANS,
  rolloutFlag,
  segment,
  TARGET_KEYS,
} from './eval-fixtures.js';

// ---------------------------------------------------------------- configuration

const CONTENDERS = ['engine', 'ld', 'floor'] as const;
type ContenderName = (typeof CONTENDERS)[number];

const ROUNDS = Math.round(envNumber('BENCH_ROUNDS', 9));
const SECONDS = envNumber('BENCH_SECONDS', 1);
const WARMUP_SECONDS = envNumber('BENCH_WARMUP_SECONDS', 1);
const POOL_SIZE = Math.round(envNumber('BENCH_POOL', 5000));
const SEED = Math.round(envNumber('BENCH_SEED', 20240611));
const LD_MODE = envList('BENCH_LD_MODE', ['callback', 'await'] as const)[0] ?? 'callback';
const LD_CALLBACK_GROUP = Math.round(envNumber('BENCH_LD_GROUP', 100));
const FLAGS_RUN = envList('BENCH_FLAGS', FLAG_IDS);
const CONTENDERS_RUN = envList('BENCH_CONTENDERS', CONTENDERS);
// Exit non-zero on a missed target (correctness mismatches always fail).
const STRICT = process.env.BENCH_STRICT === '1';

const TARGET_VS_LD = 2;
const TARGET_VS_FLOOR = 0.5;

const CASES = ALL_CASES.filter((c) => FLAGS_RUN.includes(c.id));

// ---------------------------------------------------------------- the floor for flag (ii)

const FLOOR_TARGETS = new Set(TARGET_KEYS);
const FLOOR_RULE0_COUNTRIES = new Set(RULE0_COUNTRIES);
const FLOOR_RULE1_PLANS = new Set(RULE1_PLANS);
const FLOOR_RULE2_PLANS = new Set(RULE2_PLANS);
const FLOOR_PREFIX = `${rolloutFlag.key}.${ROLLOUT_SALT}.`;
// 2^60 - 1 as LaunchDarkly writes it rounds to exactly this double.
const LONG_SCALE = 2 ** 60;

/** semVerGreaterThan 3.0.0 for the pool's plain `major.minor.patch` versions. */
function floorVersionAbove300(version: string): boolean {
  const dot1 = version.indexOf('.');
  const major = Number(version.slice(0, dot1));
  if (major !== 3) return major > 3;
  const dot2 = version.indexOf('.', dot1 + 1);
  return Number(version.slice(dot1 + 1, dot2)) > 0 || Number(version.slice(dot2 + 1)) > 0;
}

/** The least work flag (ii) can take: returns the variation index. */
function floorEvaluate(user: PoolUser): number {
  const key = user.key;
  if (FLOOR_TARGETS.has(key)) return 2;
  if (user.email.endsWith(RULE0_DOMAIN) && FLOOR_RULE0_COUNTRIES.has(user.country)) return 3;
  if (FLOOR_RULE1_PLANS.has(user.plan) && floorVersionAbove300(user.version)) return 4;
  if (user.beta === true && FLOOR_RULE2_PLANS.has(user.plan)) return 5;
  const hex = hash('sha1', FLOOR_PREFIX + key, 'hex');
  return Number.parseInt(hex.slice(0, 15), 16) / LONG_SCALE < 0.5 ? 0 : 1;
}

// ---------------------------------------------------------------- contenders

interface Comparable {
  readonly value: unknown;
  readonly variationIndex: number | null;
  readonly reason: unknown;
}

interface Contender {
  readonly name: ContenderName;
  readonly flag: FlagCase;
  readonly pass: Pass;
}

const silentLogger: LDLogger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};

async function startLdClient(): Promise<LDClient> {
  const td = new TestData();
  for (const flag of ALL_FLAGS) await td.usePreconfiguredFlag(flag);
  await td.usePreconfiguredSegment(segment);
  const client = init('sdk-key-for-the-benchmark', {
    updateProcessor: td.getFactory(),
    sendEvents: false,
    diagnosticOptOut: true,
    logger: silentLogger,
  });
  await client.waitForInitialization({ timeout: 10 });
  return client;
}

function comparable(detail: { value: unknown; variationIndex?: number | null; reason: unknown }): Comparable {
  return { value: detail.value, variationIndex: detail.variationIndex ?? null, reason: detail.reason };
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const started = Date.now();
  const pool = makePool(POOL_SIZE, SEED);
  const ldContexts: readonly LDContext[] = pool;

  const evaluator = createEvaluator({ sha1Hex: (s: string) => hash('sha1', s, 'hex') });
  const snapshot = prepareSnapshot(
    {
      flags: Object.fromEntries(ALL_FLAGS.map((f) => [f.key, f])),
      segments: { [segment.key as string]: segment },
    },
    { compilePattern: compileRe2Pattern },
  );
  const client = await startLdClient();

  try {
    // Correctness first: every contender must agree with the SDK on the whole pool.
    for (const flag of CASES) {
      const reasons = new Map<string, number>();
      for (const user of pool) {
        const ld = comparable(await client.variationDetail(flag.key, user, flag.defaultValue));
        let viaCallback: LDEvaluationDetail | undefined;
        void client.variationDetail(flag.key, user, flag.defaultValue, (_err, res) => {
          viaCallback = res;
        });
        assert.ok(viaCallback !== undefined, 'the SDK callback was expected to run synchronously');
        assert.deepEqual(comparable(viaCallback), ld, `SDK callback vs promise, ${flag.key}, ${user.key}`);
        const ours = comparable(
          variationDetail(
            evaluator.evaluate(snapshot, flag.key, parseContext(user)),
            flag.defaultValue,
            'any',
          ),
        );
        assert.deepEqual(ours, ld, `engine vs LD SDK on ${flag.key} for ${JSON.stringify(user)}`);
        if (flag.id === 'ii') {
          const index = floorEvaluate(user);
          assert.equal(
            index,
            ld.variationIndex,
            `floor vs LD SDK on ${flag.key} for ${JSON.stringify(user)}`,
          );
        }
        const reason = ld.reason as { kind: string; ruleIndex?: number };
        const label = reason.ruleIndex === undefined ? reason.kind : `${reason.kind}#${reason.ruleIndex}`;
        reasons.set(label, (reasons.get(label) ?? 0) + 1);
      }
      const mix = [...reasons].map(([k, n]) => `${k} ${((100 * n) / pool.length).toFixed(1)}%`).join(', ');
      console.log(`agree on ${pool.length} contexts: ${flag.title} [${mix}]`);
    }

    const contenders: Contender[] = [];
    for (const flag of CASES) {
      const { key, defaultValue } = flag;
      if (CONTENDERS_RUN.includes('engine')) {
        contenders.push({
          name: 'engine',
          flag,
          pass: () => {
            let sum = 0;
            for (const user of pool) {
              const detail = variationDetail(
                evaluator.evaluate(snapshot, key, parseContext(user)),
                defaultValue,
                'any',
              );
              sum += detail.variationIndex ?? -1;
            }
            return sum;
          },
        });
      }
      if (CONTENDERS_RUN.includes('ld')) {
        let sum = 0;
        const onDetail = (_err: unknown, detail: LDEvaluationDetail): void => {
          sum += detail.variationIndex ?? -1;
        };
        contenders.push({
          name: 'ld',
          flag,
          pass:
            LD_MODE === 'callback'
              ? async () => {
                  sum = 0;
                  let last: Promise<LDEvaluationDetail> | undefined;
                  for (let i = 0; i < ldContexts.length; i++) {
                    last = client.variationDetail(key, ldContexts[i] as LDContext, defaultValue, onDetail);
                    // Settling the SDK's promises in small groups keeps the job queue short.
                    if (i % LD_CALLBACK_GROUP === LD_CALLBACK_GROUP - 1) await last;
                  }
                  await last;
                  return sum;
                }
              : async () => {
                  let total = 0;
                  for (const context of ldContexts) {
                    total += (await client.variationDetail(key, context, defaultValue)).variationIndex ?? -1;
                  }
                  return total;
                },
        });
      }
      if (flag.id === 'ii' && CONTENDERS_RUN.includes('floor')) {
        contenders.push({
          name: 'floor',
          flag,
          pass: () => {
            let sum = 0;
            for (const user of pool) sum += floorEvaluate(user);
            return sum;
          },
        });
      }
    }

    const plannedSeconds = contenders.length * (WARMUP_SECONDS + ROUNDS * SECONDS);
    console.log(
      `\n${contenders.length} contenders, warm-up ${WARMUP_SECONDS}s each, ${ROUNDS} rounds x ${SECONDS}s ` +
        `interleaved (~${Math.round(plannedSeconds)}s); LD SDK via variationDetail ${LD_MODE}`,
    );
    const rates = await measureInterleaved(contenders, {
      poolSize: pool.length,
      rounds: ROUNDS,
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
    });

    const medianOf = (flag: FlagCase, name: ContenderName): number => {
      const c = contenders.find((x) => x.flag === flag && x.name === name);
      return c === undefined ? Number.NaN : median(rates.get(c) ?? []);
    };
    const spreadOf = (flag: FlagCase, name: ContenderName): string => {
      const c = contenders.find((x) => x.flag === flag && x.name === name);
      const r = c === undefined ? [] : (rates.get(c) ?? []);
      if (r.length === 0) return '-';
      const m = median(r);
      return `${Math.round((100 * (Math.max(...r) - Math.min(...r))) / m)}%`;
    };

    const verdict = (ratio: number, target: number): string =>
      Number.isFinite(ratio) ? (ratio >= target ? 'PASS' : 'MISS') : '-';
    let missed = 0;
    const rows: string[][] = [
      [
        'flag',
        'engine evals/s',
        'LD SDK evals/s',
        'engine/LD',
        `>=${TARGET_VS_LD}x`,
        'floor evals/s',
        'engine/floor',
        `>=${TARGET_VS_FLOOR}x`,
      ],
    ];
    const spreads: string[][] = [['flag', 'engine', 'LD SDK', 'floor']];
    for (const flag of CASES) {
      const engine = medianOf(flag, 'engine');
      const ld = medianOf(flag, 'ld');
      const floor = medianOf(flag, 'floor');
      const vsLd = verdict(engine / ld, TARGET_VS_LD);
      const vsFloor = flag.id === 'ii' ? verdict(engine / floor, TARGET_VS_FLOOR) : '';
      if (vsLd === 'MISS') missed++;
      if (vsFloor === 'MISS') missed++;
      rows.push([
        flag.title,
        fmt(engine),
        fmt(ld),
        fmtRatio(engine / ld),
        vsLd,
        flag.id === 'ii' ? fmt(floor) : '',
        flag.id === 'ii' ? fmtRatio(engine / floor) : '',
        vsFloor,
      ]);
      spreads.push([
        flag.title,
        spreadOf(flag, 'engine'),
        spreadOf(flag, 'ld'),
        flag.id === 'ii' ? spreadOf(flag, 'floor') : '',
      ]);
    }

    console.log(`medians of ${ROUNDS} rounds, pool of ${pool.length} contexts`);
    console.log(table(rows));
    console.log('\nspread of the rounds, (max - min) / median');
    console.log(table(spreads));
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    console.log(
      `\n${new Date().toISOString()}  node ${process.version}  ${cpu} x${os.availableParallelism()}  ` +
        `${((Date.now() - started) / 1000).toFixed(0)}s  (checksum ${checksumSoFar()})`,
    );
    if (missed > 0 && STRICT) process.exitCode = 1;
  } finally {
    client.close();
  }
}

await main();
