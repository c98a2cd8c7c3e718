/**
 * The context pool and the three flags of the evaluation benchmarks (engine-eval.ts, sdk-eval.ts);
 * bench/README.md describes them.
 */
import type { FlagJson, JsonValue, SegmentJson } from '../packages/engine/dist/index.js';

export const FLAG_IDS = ['i', 'ii', 'iii'] as const;
export type FlagId = (typeof FLAG_IDS)[number];

// ---------------------------------------------------------------- the context pool

export interface PoolUser {
  readonly kind: 'user';
  readonly key: string;
  readonly email: string;
  readonly country: string;
  readonly plan: string;
  readonly version: string;
  readonly beta: boolean;
}

/** mulberry32: a tiny deterministic PRNG, so every run sees the same pool. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'JP', 'BR', 'IN', 'NO', 'IS', 'CA'] as const;
const DOMAINS = ['example.com', 'example.net', 'example.org'] as const;
// Weighted so that few contexts match the rules of flag (ii).
const PLANS = ['free', 'free', 'free', 'free', 'pro', 'pro', 'pro', 'team', 'team', 'enterprise'] as const;

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

export function makePool(size: number, seed: number): PoolUser[] {
  const random = prng(seed);
  const pool: PoolUser[] = [];
  for (let i = 0; i < size; i++) {
    pool.push({
      kind: 'user',
      key: `user-${i}`,
      email: `user${i}@${pick(random, DOMAINS)}`,
      country: pick(random, COUNTRIES),
      plan: pick(random, PLANS),
      version: `${1 + Math.floor(random() * 4)}.${Math.floor(random() * 10)}.${Math.floor(random() * 20)}`,
      beta: random() < 0.1,
    });
  }
  return pool;
}

// ---------------------------------------------------------------- the flags

export interface FlagCase {
  readonly id: FlagId;
  readonly key: string;
  readonly title: string;
  readonly defaultValue: JsonValue;
}

// (i) on, no targets or rules: the fallthrough variation.
export const simpleFlag: FlagJson = {
  key: 'simple-bool',
  version: 3,
  on: true,
  variations: [true, false],
  offVariation: 1,
  fallthrough: { variation: 0 },
  targets: [],
  contextTargets: [],
  rules: [],
  prerequisites: [],
  salt: 'simple-salt',
};

// (ii) 100 targeted keys (half of them in the pool, 1% of it), 3 rules of 2 clauses, 50/50 rollout.
export const TARGET_KEYS: readonly string[] = [
  ...Array.from({ length: 50 }, (_, i) => `user-${i * 100}`),
  ...Array.from({ length: 50 }, (_, i) => `vip-${i}`),
];
export const RULE0_DOMAIN = '@example.org';
export const RULE0_COUNTRIES = ['NO', 'IS'];
export const RULE1_PLANS = ['enterprise'];
export const RULE1_MIN_VERSION = '3.0.0';
export const RULE2_PLANS = ['pro'];
export const ROLLOUT_SALT = 'rollout-salt';

export const rolloutFlag: FlagJson = {
  key: 'targeted-rollout',
  version: 7,
  on: true,
  variations: ['control', 'treatment', 'targeted', 'nordic-org', 'new-enterprise', 'pro-beta'],
  offVariation: 0,
  targets: [{ variation: 2, values: TARGET_KEYS }],
  contextTargets: [],
  rules: [
    {
      id: 'rule-nordic-org',
      variation: 3,
      clauses: [
        { contextKind: 'user', attribute: 'email', op: 'endsWith', values: [RULE0_DOMAIN], negate: false },
        { contextKind: 'user', attribute: 'country', op: 'in', values: RULE0_COUNTRIES, negate: false },
      ],
    },
    {
      id: 'rule-new-enterprise',
      variation: 4,
      clauses: [
        { contextKind: 'user', attribute: 'plan', op: 'in', values: RULE1_PLANS, negate: false },
        {
          contextKind: 'user',
          attribute: 'version',
          op: 'semVerGreaterThan',
          values: [RULE1_MIN_VERSION],
          negate: false,
        },
      ],
    },
    {
      id: 'rule-pro-beta',
      variation: 5,
      clauses: [
        { contextKind: 'user', attribute: 'beta', op: 'in', values: [true], negate: false },
        { contextKind: 'user', attribute: 'plan', op: 'in', values: RULE2_PLANS, negate: false },
      ],
    },
  ],
  fallthrough: {
    rollout: {
      kind: 'rollout',
      contextKind: 'user',
      bucketBy: 'key',
      variations: [
        { variation: 0, weight: 50000 },
        { variation: 1, weight: 50000 },
      ],
    },
  },
  prerequisites: [],
  salt: ROLLOUT_SALT,
};

// (iii) a prerequisite (fails for the ~10% in BR) and a segmentMatch rule.
export const prerequisiteFlag: FlagJson = {
  key: 'checkout-enabled',
  version: 2,
  on: true,
  variations: [true, false],
  offVariation: 1,
  fallthrough: { variation: 0 },
  targets: [],
  contextTargets: [],
  rules: [
    {
      id: 'rule-no-brazil',
      variation: 1,
      clauses: [{ contextKind: 'user', attribute: 'country', op: 'in', values: ['BR'], negate: false }],
    },
  ],
  prerequisites: [],
  salt: 'prereq-salt',
};

export const segment: SegmentJson = {
  key: 'beta-testers',
  version: 4,
  included: Array.from({ length: 50 }, (_, i) => `user-${i * 97 + 13}`),
  excluded: [],
  includedContexts: [],
  excludedContexts: [],
  rules: [
    {
      id: 'seg-rule-enterprise',
      clauses: [{ contextKind: 'user', attribute: 'plan', op: 'in', values: ['enterprise'], negate: false }],
    },
  ],
  salt: 'segment-salt',
};

export const gatedFlag: FlagJson = {
  key: 'gated-segment',
  version: 5,
  on: true,
  variations: ['off', 'beta-experience', 'standard'],
  offVariation: 0,
  fallthrough: { variation: 2 },
  targets: [],
  contextTargets: [],
  rules: [
    {
      id: 'rule-beta-testers',
      variation: 1,
      clauses: [{ attribute: 'segmentMatch', op: 'segmentMatch', values: ['beta-testers'], negate: false }],
    },
  ],
  prerequisites: [{ key: 'checkout-enabled', variation: 0 }],
  salt: 'gated-salt',
};

export const ALL_CASES: readonly FlagCase[] = [
  { id: 'i', key: 'simple-bool', title: '(i) on/off boolean', defaultValue: false },
  { id: 'ii', key: 'targeted-rollout', title: '(ii) targets+rules+rollout', defaultValue: 'default' },
  { id: 'iii', key: 'gated-segment', title: '(iii) prerequisite+segment', defaultValue: 'default' },
];

export const ALL_FLAGS = [simpleFlag, rolloutFlag, prerequisiteFlag, gatedFlag];
