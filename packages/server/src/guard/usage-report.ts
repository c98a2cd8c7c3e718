/**
 * What `GET /api/v1/accounts/{account}/usage` answers: the month's counts (the store's
 * total plus what this node has not flushed yet), the limits in force, the share of the
 * monthly limit used, this node's current rate, and the throttle if there is one.
 */
import { addUsage, type UsageCounts, type UsageService, usageMonth } from '@switchyard/control-plane';
import type { IngestGuard } from './ingest-guard.js';
import type { UsageMeter } from './usage-meter.js';

export interface UsageReportDeps {
  readonly usage: Pick<UsageService, 'forAccount'>;
  readonly meter: Pick<UsageMeter, 'unflushed'>;
  readonly guard: Pick<IngestGuard, 'inspect' | 'rates'>;
  readonly now: () => number;
}

export type UsageReporter = (accountKey: string, month?: string) => Promise<UsageReport>;

export interface UsageReport {
  readonly account: string;
  readonly plan: string;
  readonly month: string;
  readonly accepted: number;
  readonly dropped: Readonly<Record<string, number>>;
  readonly invalidPayloads: number;
  readonly limits: {
    readonly eventsPerMonth: number | null;
    readonly eventsPerSecond: number | null;
    /** The limit enforced now: the `events-per-second-limit` flag's, else the account's. */
    readonly effectiveEventsPerSecond: number | null;
  };
  /** Accepted events as a percentage of the monthly limit; null without one. */
  readonly percentUsed: number | null;
  /** Events per second over the last second, on the node that answered. */
  readonly currentRate: { readonly offered: number; readonly accepted: number };
  /** … and on all nodes: this one's now, the others' as they last shared them (each second). */
  readonly clusterRate: { readonly offered: number; readonly accepted: number };
  readonly throttle: {
    readonly ruleId: string | null;
    readonly expiresAt: string | null;
    readonly by: 'circuit-breaker' | 'operator';
  } | null;
}

/** Accepted events as a percentage of the monthly limit (two decimals); null without a limit. */
export function percentUsed(accepted: number, monthly: number | undefined): number | null {
  if (monthly === undefined) return null;
  return monthly === 0 ? 100 : Math.round((accepted / monthly) * 10_000) / 100;
}

/** Adds `more` into `counts` (the store's total and what this node has not flushed yet). */
export function addCounts(counts: UsageCounts, more: UsageCounts): void {
  addUsage(counts, 'accepted', more.accepted);
  addUsage(counts, 'invalid-payloads', more.invalidPayloads);
  for (const [reason, n] of Object.entries(more.dropped)) {
    counts.dropped[reason as keyof typeof counts.dropped] += n;
  }
}

export function usageReporter(deps: UsageReportDeps): UsageReporter {
  return async (accountKey, month) => {
    const current = usageMonth(deps.now());
    const { account, counts } = await deps.usage.forAccount(accountKey, month ?? current);
    addCounts(counts, deps.meter.unflushed(accountKey, month ?? current));
    const { decision, limit } = deps.guard.inspect(account);
    const monthly = account.limits.eventsPerMonth;
    const throttle = decision.throttle;
    const rates = deps.guard.rates(accountKey);
    return {
      account: account.key,
      plan: account.plan,
      month: month ?? current,
      accepted: counts.accepted,
      dropped: counts.dropped,
      invalidPayloads: counts.invalidPayloads,
      limits: {
        eventsPerMonth: monthly ?? null,
        eventsPerSecond: account.limits.eventsPerSecond ?? null,
        effectiveEventsPerSecond: limit ?? null,
      },
      percentUsed: percentUsed(counts.accepted, monthly),
      currentRate: rates.node,
      clusterRate: rates.cluster,
      throttle:
        throttle === undefined
          ? null
          : {
              ruleId: throttle.ruleId ?? null,
              expiresAt: throttle.expiresAt === undefined ? null : new Date(throttle.expiresAt).toISOString(),
              by: throttle.expiresAt === undefined ? 'operator' : 'circuit-breaker',
            },
    };
  };
}
