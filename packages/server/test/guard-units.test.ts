import assert from 'node:assert/strict';
import { hash, randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { type Environment, usageMonth } from '@switchyard/control-plane';
import { type FlagJson, prepareSnapshot } from '@switchyard/engine';
import { type EnvironmentData, PREPARE_OPTIONS } from '../src/delivery/environment-snapshots.js';
import { breakerRuleId, parseBreakerRuleId } from '../src/guard/breaker-rules.js';
import { RateWindow } from '../src/guard/rate-window.js';
import { sampleEvents } from '../src/guard/sampling.js';
import { type AccountContext, SystemFlags } from '../src/guard/system-flags.js';
import { TokenBucket } from '../src/guard/token-bucket.js';

const sha1Hex = (input: string) => hash('sha1', input, 'hex');
const acme: AccountContext = {
  kind: 'account',
  key: 'acme',
  plan: 'standard',
  eventsThisMonth: 0,
  percentUsed: 0,
};

function flag(
  key: string,
  variations: unknown[],
  fallthrough: number,
  extra: Partial<FlagJson> = {},
): FlagJson {
  return {
    key,
    version: 1,
    on: true,
    variations,
    fallthrough: { variation: fallthrough },
    offVariation: fallthrough,
    salt: 'salt',
    ...extra,
  } as FlagJson;
}

function systemData(flags: Record<string, FlagJson>): EnvironmentData {
  return {
    id: 'switchyard-system/production',
    environment: { projectKey: 'switchyard-system', key: 'production' } as Environment,
    flags,
    segments: {},
    snapshot: prepareSnapshot({ flags, segments: {} }, PREPARE_OPTIONS),
  };
}

function systemFlags(data: EnvironmentData[]): SystemFlags {
  return new SystemFlags({ all: () => data, onChange: () => () => {} }, sha1Hex);
}

test('without system data the guard fails open: accept, no extra limit, keep every event', () => {
  const decision = systemFlags([]).evaluate(acme, Date.now());
  assert.deepEqual(decision, {
    ingest: true,
    perSecondLimit: undefined,
    samplingRatio: 1,
    throttle: undefined,
    exempt: false,
  });
});

test('unusable flag values fail open too: a string kill switch, a ratio above 1, a negative limit', () => {
  const decision = systemFlags([
    systemData({
      'ingest-events': flag('ingest-events', ['off'], 0),
      'events-per-second-limit': flag('events-per-second-limit', [-5], 0),
      'event-sampling-ratio': flag('event-sampling-ratio', [7], 0),
    }),
  ]).evaluate(acme, Date.now());
  assert.equal(decision.ingest, true);
  assert.equal(decision.perSecondLimit, undefined);
  assert.equal(decision.samplingRatio, 1);
});

test('a breaker rule throttles until its expiry and not a millisecond after; a false target exempts', () => {
  const expiresAt = 1_800_000_000_000;
  const throttled = flag('events-throttled', [true, false], 1, {
    rules: [
      {
        id: breakerRuleId('acme', expiresAt),
        variation: 0,
        clauses: [{ contextKind: 'account', attribute: 'key', op: 'in', values: ['acme'] }],
      },
    ],
  });
  const flags = systemFlags([systemData({ 'events-throttled': throttled })]);
  const before = flags.evaluate(acme, expiresAt - 1);
  assert.deepEqual(before.throttle, { ruleId: 'circuit-breaker:acme:1800000000000', expiresAt });
  assert.equal(flags.evaluate(acme, expiresAt).throttle, undefined);
  assert.equal(flags.evaluate({ ...acme, key: 'other' }, expiresAt - 1).throttle, undefined);

  const exempted = systemFlags([
    systemData({
      'events-throttled': {
        ...throttled,
        contextTargets: [{ contextKind: 'account', variation: 1, values: ['acme'] }],
      },
    }),
  ]).evaluate(acme, expiresAt - 1);
  assert.equal(exempted.throttle, undefined);
  assert.equal(exempted.exempt, true);
});

test('breaker rule ids carry the account and the expiry, and other ids are not breaker rules', () => {
  for (const account of ['a', 'acme', 'acme.eu-1', 'x_y-z.0', 'A'.repeat(128)]) {
    for (const at of [0, 1, 1_800_000_000_000, Number.MAX_SAFE_INTEGER]) {
      assert.deepEqual(parseBreakerRuleId(breakerRuleId(account, at)), {
        id: breakerRuleId(account, at),
        accountKey: account,
        expiresAt: at,
      });
    }
  }
  for (const id of [
    undefined,
    'rule-1',
    'circuit-breaker:',
    'circuit-breaker:acme',
    'circuit-breaker::12',
    'circuit-breaker:a:x',
  ]) {
    assert.equal(parseBreakerRuleId(id), undefined, String(id));
  }
});

test('the token bucket admits one second of events, then refuses while in debt, and refills at its rate', () => {
  const bucket = new TokenBucket(100, 0);
  assert.equal(bucket.inDebt(0), false);
  bucket.take(100, 0);
  assert.equal(bucket.inDebt(0), false, 'an empty bucket is not in debt');
  bucket.take(150, 0);
  assert.equal(bucket.inDebt(0), true);
  assert.equal(bucket.retryAfterSeconds(0), 2);
  assert.equal(bucket.inDebt(1400), true);
  assert.equal(bucket.inDebt(1500), false);
  // It never holds more than one second's worth.
  assert.equal(bucket.inDebt(60_000), false);
  bucket.take(101, 60_000);
  assert.equal(bucket.inDebt(60_000), true);
  const closed = new TokenBucket(0, 0);
  assert.equal(closed.inDebt(0), true);
  assert.equal(closed.retryAfterSeconds(0), 60);
});

test('the rate window counts the last second only', () => {
  const window = new RateWindow();
  window.add(1000, 50);
  window.add(1500, 30);
  assert.equal(window.perSecond(1500), 80);
  assert.equal(window.perSecond(1999), 80);
  assert.equal(window.perSecond(2050), 30);
  assert.equal(window.perSecond(2600), 0);
  window.add(5000, 7);
  assert.equal(window.perSecond(5000), 7);
});

test('sampling is deterministic per payload ID and keeps about the ratio', () => {
  const events = Array.from({ length: 10_000 }, (_, i) => i);
  for (let run = 0; run < 30; run++) {
    const payloadId = randomUUID();
    for (const ratio of [0.01, 0.1, 0.5]) {
      const kept = sampleEvents(payloadId, events, ratio);
      assert.deepEqual(sampleEvents(payloadId, events, ratio), kept);
      // Within five standard deviations of the expected count.
      assert.ok(Math.abs(kept.length - ratio * events.length) < 5 * Math.sqrt(ratio * events.length) + 5);
    }
  }
  assert.equal(sampleEvents('p', events, 1).length, events.length);
  assert.equal(sampleEvents('p', events, 0).length, 0);
  assert.notDeepEqual(sampleEvents('a', events, 0.5), sampleEvents('b', events, 0.5));
});

test('the usage month is the UTC month, also across a boundary and back', () => {
  const lastMs = Date.UTC(2026, 0, 31, 23, 59, 59, 999);
  assert.equal(usageMonth(lastMs), '2026-01');
  assert.equal(usageMonth(lastMs + 1), '2026-02');
  assert.equal(usageMonth(new Date(lastMs)), '2026-01', 'back again, and from a Date');
  assert.equal(usageMonth(Date.UTC(2026, 11, 31, 12)), '2026-12');
  assert.equal(usageMonth(Date.UTC(2027, 0, 1)), '2027-01');
  assert.throws(() => usageMonth(Number.NaN), RangeError);
});
