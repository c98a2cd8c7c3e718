/**
 * Event usage per account and calendar month (UTC): the events ingest accepted, the
 * events it dropped and why, and the payloads it refused as invalid. The server counts
 * in memory and adds deltas to the store once a second, so several nodes add up. These
 * are counters, not audited changes: they are written outside `transaction`, never on
 * an SDK's request path.
 */
import type { ControlPlaneDeps } from './deps.js';
import type { Account } from './domain.js';
import { notFound } from './errors.js';
import type { DropReason, UsageMetric } from './usage-metric.js';
import { GRAIN_MS, type SeriesDelta, type SeriesGrain } from './usage-series.js';

export interface UsageDelta {
  readonly accountKey: string;
  /** `YYYY-MM`, UTC. */
  readonly month: string;
  readonly metric: UsageMetric;
  readonly count: number;
}

/** Events per second offered to and accepted by one node for one account, over its last second. */
export interface AccountRate {
  readonly accountKey: string;
  readonly offered: number;
  readonly accepted: number;
}

/** An account's rate as one node last shared it, at `at` (epoch ms). */
export interface NodeRate extends AccountRate {
  readonly node: string;
  readonly at: number;
}

/** Where usage is kept; implemented by the SQL store. */
export interface UsageStore {
  /** Adds each delta to its counter (creating it at zero), all in one transaction. */
  addUsage(deltas: readonly UsageDelta[]): Promise<void>;
  /** The counters of one month, for one account or all of them. */
  readUsage(month: string, accountKey?: string): Promise<UsageDelta[]>;
  /** Sets this node's current rates, stamped `at`; its rows not written now go stale. */
  writeRates(node: string, at: number, rates: readonly AccountRate[]): Promise<void>;
  /** Every node's rates stamped at or after `since`. */
  readRates(since: number): Promise<NodeRate[]>;
  /** Forgets rates stamped before `before` (of nodes that stopped, or accounts gone quiet). */
  pruneRates(before: number): Promise<void>;
  /** Adds each delta to its bucket (creating it at zero). */
  addSeries(deltas: readonly SeriesDelta[]): Promise<void>;
  /** One account's buckets of one grain starting in [from, to). */
  readSeries(accountKey: string, grain: SeriesGrain, from: number, to: number): Promise<SeriesDelta[]>;
  /** Forgets the buckets of one grain that start before `before`. */
  pruneSeries(grain: SeriesGrain, before: number): Promise<void>;
}

export interface UsageCounts {
  accepted: number;
  dropped: Record<DropReason, number>;
  invalidPayloads: number;
}

export function emptyUsage(): UsageCounts {
  return {
    accepted: 0,
    dropped: {
      'kill-switch': 0,
      'rate-limit': 0,
      quota: 0,
      sampling: 0,
      shed: 0,
      'circuit-breaker': 0,
    },
    invalidPayloads: 0,
  };
}

export function addUsage(counts: UsageCounts, metric: UsageMetric, count: number): void {
  if (metric === 'accepted') counts.accepted += count;
  else if (metric === 'invalid-payloads') counts.invalidPayloads += count;
  else counts.dropped[metric.slice('dropped.'.length) as DropReason] += count;
}

/** The month last asked for, as [start, end) in epoch ms: ingest asks for every post. */
let lastMonth = { from: 0, to: 0, month: '' };

/** The usage month of an instant: `YYYY-MM` in UTC. */
export function usageMonth(at: Date | number): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  if (ms >= lastMonth.from && ms < lastMonth.to) return lastMonth.month;
  const date = new Date(ms);
  const month = date.toISOString().slice(0, 7);
  lastMonth = {
    from: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1),
    to: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1),
    month,
  };
  return month;
}

export class UsageService {
  constructor(
    private readonly deps: Pick<ControlPlaneDeps, 'store'>,
    private readonly usage: UsageStore,
  ) {}

  record(deltas: readonly UsageDelta[]): Promise<void> {
    return deltas.length === 0 ? Promise.resolve() : this.usage.addUsage(deltas);
  }

  /**
   * Shares this node's per-account rates and returns the other nodes' rates stamped
   * at or after `since`, so per-second limits hold across nodes.
   */
  async shareRates(
    node: string,
    at: number,
    rates: readonly AccountRate[],
    since: number,
  ): Promise<NodeRate[]> {
    if (rates.length > 0) await this.usage.writeRates(node, at, rates);
    return (await this.usage.readRates(since)).filter((rate) => rate.node !== node);
  }

  forgetRates(before: number): Promise<void> {
    return this.usage.pruneRates(before);
  }

  recordSeries(deltas: readonly SeriesDelta[]): Promise<void> {
    return deltas.length === 0 ? Promise.resolve() : this.usage.addSeries(deltas);
  }

  /** Forgets buckets older than `keptMs` of each grain, as of `now`. */
  async pruneSeries(now: number, keptMs: Readonly<Record<SeriesGrain, number>>): Promise<void> {
    for (const grain of Object.keys(GRAIN_MS) as SeriesGrain[]) {
      await this.usage.pruneSeries(grain, now - keptMs[grain]);
    }
  }

  /** One account's stored buckets of `grain` starting in [from, to). */
  series(accountKey: string, grain: SeriesGrain, from: number, to: number): Promise<SeriesDelta[]> {
    return this.usage.readSeries(accountKey, grain, from, to);
  }

  /** Every account's stored counts for one month. */
  async month(month: string): Promise<Map<string, UsageCounts>> {
    const totals = new Map<string, UsageCounts>();
    for (const row of await this.usage.readUsage(month)) {
      let counts = totals.get(row.accountKey);
      if (counts === undefined) {
        counts = emptyUsage();
        totals.set(row.accountKey, counts);
      }
      addUsage(counts, row.metric, row.count);
    }
    return totals;
  }

  /** One account and its stored counts for one month (404 for an unknown account). */
  async forAccount(accountKey: string, month: string): Promise<{ account: Account; counts: UsageCounts }> {
    const account = await this.deps.store.getAccount(accountKey);
    if (!account) throw notFound(`Account "${accountKey}"`);
    const counts = emptyUsage();
    for (const row of await this.usage.readUsage(month, accountKey)) addUsage(counts, row.metric, row.count);
    return { account, counts };
  }
}
