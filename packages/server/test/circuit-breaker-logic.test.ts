import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Actor, FlagConfig, FlagRuleConfig, FlagService } from '@switchyard/control-plane';
import { breakerRules } from '../src/guard/breaker-rules.js';
import { CircuitBreaker } from '../src/guard/circuit-breaker.js';
import type { OpsDecision } from '../src/guard/system-flags.js';

const open: OpsDecision = {
  ingest: true,
  perSecondLimit: undefined,
  samplingRatio: 1,
  throttle: undefined,
  exempt: false,
};
const silent = { info() {}, warn() {}, error() {} };

/** The `events-throttled` flag of the system project, kept in memory, with a version check like the store's. */
class FakeFlags {
  config: FlagConfig = {
    on: true,
    offVariation: 1,
    fallthrough: { variation: 1 },
    targets: [],
    contextTargets: [],
    rules: [],
    prerequisites: [],
    salt: 's',
    trackEvents: false,
    trackEventsFallthrough: false,
    debugEventsUntilDate: null,
    version: 1,
  };
  readonly writes: Actor[] = [];
  /** Runs once just before the next write, as a concurrent writer would. */
  interfere: (() => void) | undefined;

  get: FlagService['get'] = async () =>
    ({ flag: { variations: [true, false] }, environments: { production: this.config } }) as never;

  setTargeting: FlagService['setTargeting'] = async ({ input, expectedVersion: expected }, actor) => {
    const interfere = this.interfere;
    this.interfere = undefined;
    interfere?.();
    if (expected !== this.config.version)
      throw Object.assign(new Error('conflict'), { code: 'VERSION_CONFLICT' });
    this.config = { ...input, salt: 's', version: this.config.version + 1 } as FlagConfig;
    this.writes.push(actor);
    return this.config;
  };

  rules = () => breakerRules(this.config.rules);
}

function setUp() {
  const flags = new FakeFlags();
  let now = 0;
  const breaker = new CircuitBreaker({
    flags,
    systemFlags: { breakerRules: () => flags.rules() },
    log: silent,
    now: () => now,
    options: { factor: 5, tripAfterMs: 2000, expiryMs: 60_000, sweepMs: 1_000_000 },
  });
  return {
    flags,
    breaker,
    at: (ms: number) => {
      now = ms;
    },
    /** Lets a trip or a sweep started by the breaker finish. */
    settle: () => breaker.close(),
  };
}

test('the breaker trips only once the rate has stayed above 5× the limit for the whole window', async () => {
  const { flags, breaker, at, settle } = setUp();
  at(0);
  breaker.observe('acme', 600, 100, open);
  at(1500);
  breaker.observe('acme', 400, 100, open); // below 500: the window starts again
  at(1600);
  breaker.observe('acme', 600, 100, open);
  at(3500);
  breaker.observe('acme', 600, 100, open);
  await settle();
  assert.equal(flags.rules().length, 0, 'tripped before 2 s above the threshold');
  at(3600);
  breaker.observe('acme', 600, 100, open);
  await settle();
  assert.deepEqual(flags.rules(), [
    { id: 'circuit-breaker:acme:63600', accountKey: 'acme', expiresAt: 63_600 },
  ]);
  assert.deepEqual(flags.writes, [{ kind: 'system', name: 'circuit-breaker' }]);
  const rule = flags.config.rules[0] as FlagRuleConfig;
  assert.equal(rule.variation, 0);
  assert.deepEqual(rule.clauses, [
    { contextKind: 'account', attribute: 'key', op: 'in', values: ['acme'], negate: false },
  ]);
});

test('an exempt or already throttled account, one without a limit, or an off flag is never tripped', async () => {
  const { flags, breaker, at, settle } = setUp();
  const cases: [string, number | undefined, OpsDecision][] = [
    ['exempt', 100, { ...open, exempt: true }],
    ['throttled', 100, { ...open, throttle: { ruleId: 'x', expiresAt: undefined } }],
    ['unlimited', undefined, open],
  ];
  for (const [account, limit, decision] of cases) {
    for (const ms of [0, 2500, 5000]) {
      at(ms);
      breaker.observe(account, 1_000_000, limit, decision);
    }
  }
  await settle();
  assert.equal(flags.writes.length, 0);
  flags.config = { ...flags.config, on: false };
  for (const ms of [10_000, 12_500]) {
    at(ms);
    breaker.observe('acme', 1_000_000, 100, open);
  }
  await settle();
  assert.equal(flags.writes.length, 0, 'a rule on an off flag would change nothing');
});

test('a concurrent change of the flag is retried, and neither write is lost', async () => {
  const { flags, breaker, at, settle } = setUp();
  flags.interfere = () => {
    flags.config = {
      ...flags.config,
      rules: [{ id: 'by-a-person', clauses: [], variation: 1, trackEvents: false }],
      version: flags.config.version + 1,
    };
  };
  for (const ms of [0, 2000]) {
    at(ms);
    breaker.observe('acme', 1000, 100, open);
  }
  await settle();
  assert.deepEqual(
    flags.config.rules.map((r) => r.id),
    ['by-a-person', 'circuit-breaker:acme:62000'],
  );
});

test('the sweeper removes expired rules only, and a rule deleted early keeps the breaker away until its expiry', async () => {
  const { flags, breaker, at, settle } = setUp();
  for (const ms of [0, 2000]) {
    at(ms);
    breaker.observe('acme', 1000, 100, open);
    breaker.observe('beta', 1000, 100, open);
  }
  await settle();
  assert.equal(flags.rules().length, 2);
  // A person deletes acme's rule at 10 s; beta's expires at 62 s.
  flags.config = { ...flags.config, rules: flags.config.rules.filter((r) => !r.id.includes(':acme:')) };
  at(10_000);
  breaker.sweep();
  for (const ms of [20_000, 25_000]) {
    at(ms);
    breaker.observe('acme', 1000, 100, open);
  }
  await settle();
  assert.deepEqual(
    flags.rules().map((r) => r.accountKey),
    ['beta'],
    'acme was tripped again',
  );
  at(62_000);
  breaker.sweep();
  await settle();
  assert.equal(flags.rules().length, 0, 'the expired rule is still there');
  // After the deleted rule's expiry the breaker may act on acme again.
  for (const ms of [63_000, 65_000]) {
    at(ms);
    breaker.observe('acme', 1000, 100, open);
  }
  await settle();
  assert.deepEqual(
    flags.rules().map((r) => r.id),
    ['circuit-breaker:acme:125000'],
  );
});
