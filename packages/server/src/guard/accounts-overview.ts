/**
 * The operators' accounts overview: every account's event rate across the cluster now
 * and per minute lately, its usage this month against its limit, its limits in force,
 * its drops and refusals by reason, and whether its kill switch or circuit breaker is
 * engaged, since when and why. One read of the month's usage and of the live
 * overrides serves all accounts; rates come from this node's guard and the other
 * nodes' heartbeats, so nothing here waits on an account at a time.
 */
import {
  type AccountOverride,
  type AccountService,
  type Actor,
  emptyUsage,
  type OverrideService,
  type UsageService,
  usageMonth,
} from '@switchyard/control-plane';
import { parseBreakerRuleId } from './breaker-rules.js';
import type { AccountActivity, IngestGuard } from './ingest-guard.js';
import { MINUTES, seriesStart } from './minute-series.js';
import type { UsageMeter } from './usage-meter.js';
import { addCounts, percentUsed } from './usage-report.js';

export const OVERVIEW_SORTS = ['rate', 'offered', 'usage', 'key'] as const;
export type OverviewSort = (typeof OVERVIEW_SORTS)[number];

export interface AccountsOverviewDeps {
  readonly accounts: Pick<AccountService, 'list'>;
  readonly usage: Pick<UsageService, 'month'>;
  readonly meter: Pick<UsageMeter, 'unflushed'>;
  readonly guard: Pick<IngestGuard, 'inspect' | 'activity'>;
  readonly overrides: Pick<OverrideService, 'active'>;
  /** The other live nodes' account activity, as their last heartbeats told. */
  readonly peers: () => Promise<readonly Readonly<Record<string, AccountActivity>>[]>;
  /** How long a breaker throttle lasts: its rule's expiry minus this is when it tripped. */
  readonly breakerExpiryMs: number;
  readonly now: () => number;
}

export interface AccountOverview {
  readonly key: string;
  readonly name: string;
  readonly plan: string;
  /** Events per second over the last second, on all live nodes. */
  readonly rate: { readonly offered: number; readonly accepted: number };
  /** Accepted events per minute on all live nodes, oldest first (see `seriesStart`). */
  readonly acceptedPerMinute: number[];
  readonly usage: {
    readonly accepted: number;
    readonly monthlyLimit: number | null;
    readonly percentUsed: number | null;
  };
  readonly limits: {
    readonly eventsPerSecond: number | null;
    readonly effectiveEventsPerSecond: number | null;
  };
  /** Events dropped (202) or refused (429/503) this month, by reason. */
  readonly dropped: Record<string, number>;
  readonly invalidPayloads: number;
  readonly killSwitch: {
    readonly engaged: boolean;
    readonly since: string | null;
    readonly reason: string | null;
    readonly by: Actor | null;
    readonly expiresAt: string | null;
    readonly overrideId: string | null;
  };
  readonly breaker: {
    readonly engaged: boolean;
    readonly by: 'circuit-breaker' | 'operator' | null;
    readonly since: string | null;
    readonly expiresAt: string | null;
    readonly ruleId: string | null;
  };
  /** The overrides in force, newest first. */
  readonly overrides: AccountOverride[];
}

export interface AccountsOverview {
  readonly generatedAt: string;
  readonly month: string;
  /** The minute `acceptedPerMinute` starts at. */
  readonly seriesStart: string;
  /** Nodes whose traffic is counted (this one and the live others). */
  readonly nodes: number;
  readonly items: AccountOverview[];
}

const iso = (ms: number) => new Date(ms).toISOString();

export function accountsOverview(deps: AccountsOverviewDeps) {
  return async (sort: OverviewSort = 'rate'): Promise<AccountsOverview> => {
    const now = deps.now();
    const month = usageMonth(now);
    const [accounts, stored, live, peers] = await Promise.all([
      deps.accounts.list(),
      deps.usage.month(month),
      deps.overrides.active(),
      deps.peers(),
    ]);
    const activities = [deps.guard.activity(), ...peers];
    const items = accounts.map((account): AccountOverview => {
      const counts = stored.get(account.key) ?? emptyUsage();
      addCounts(counts, deps.meter.unflushed(account.key, month));
      const rate = { offered: 0, accepted: 0 };
      const perMinute = new Array<number>(MINUTES).fill(0);
      for (const activity of activities) {
        const a = activity[account.key];
        if (a === undefined) continue;
        rate.offered += a.offered;
        rate.accepted += a.accepted;
        a.acceptedPerMinute.forEach((n, i) => {
          perMinute[i] = (perMinute[i] ?? 0) + n;
        });
      }
      const { decision, limit } = deps.guard.inspect(account);
      const overrides = live.filter((o) => o.accountKey === account.key);
      const cut = overrides.find((o) => o.kind === 'kill-switch');
      const throttle = decision.throttle;
      const breakerRule = parseBreakerRuleId(throttle?.ruleId);
      const monthly = account.limits.eventsPerMonth;
      return {
        key: account.key,
        name: account.name,
        plan: account.plan,
        rate,
        acceptedPerMinute: perMinute,
        usage: {
          accepted: counts.accepted,
          monthlyLimit: monthly ?? null,
          percentUsed: percentUsed(counts.accepted, monthly),
        },
        limits: {
          eventsPerSecond: account.limits.eventsPerSecond ?? null,
          effectiveEventsPerSecond: limit ?? null,
        },
        dropped: counts.dropped,
        invalidPayloads: counts.invalidPayloads,
        killSwitch: {
          engaged: !decision.ingest,
          since: decision.ingest ? null : (cut?.setAt ?? null),
          reason: decision.ingest ? null : (cut?.reason ?? null),
          by: decision.ingest ? null : (cut?.setBy ?? null),
          expiresAt: decision.ingest ? null : (cut?.expiresAt ?? null),
          overrideId: decision.ingest ? null : (cut?.id ?? null),
        },
        breaker: {
          engaged: throttle !== undefined,
          by: throttle === undefined ? null : breakerRule ? 'circuit-breaker' : 'operator',
          since: breakerRule ? iso(breakerRule.expiresAt - deps.breakerExpiryMs) : null,
          expiresAt: breakerRule ? iso(breakerRule.expiresAt) : null,
          ruleId: throttle?.ruleId ?? null,
        },
        overrides,
      };
    });
    items.sort(ORDER[sort]);
    return {
      generatedAt: iso(now),
      month,
      seriesStart: iso(seriesStart(now)),
      nodes: activities.length,
      items,
    };
  };
}

type Order = (a: AccountOverview, b: AccountOverview) => number;
const byKey: Order = (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const ORDER: Record<OverviewSort, Order> = {
  rate: (a, b) => b.rate.accepted - a.rate.accepted || b.rate.offered - a.rate.offered || byKey(a, b),
  offered: (a, b) => b.rate.offered - a.rate.offered || byKey(a, b),
  usage: (a, b) => b.usage.accepted - a.usage.accepted || byKey(a, b),
  key: byKey,
};
