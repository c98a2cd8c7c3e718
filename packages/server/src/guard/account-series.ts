/**
 * One account's events over time for the one-account page: accepted, offered and
 * dropped by reason, per minute over the last hour or per hour over the last day or
 * week. Buckets come from the store (every node adds to the same ones, so they are the
 * cluster's counts) plus what this node has not written yet; empty buckets are zeros.
 */
import {
  type AccountService,
  addUsage,
  bucketOf,
  type DropReason,
  emptyUsage,
  GRAIN_MS,
  type SeriesGrain,
  type UsageCounts,
  type UsageService,
} from '@switchyard/control-plane';
import type { UsageMeter } from './usage-meter.js';

export const SERIES_RANGES = ['hour', 'day', 'week'] as const;
export type SeriesRange = (typeof SERIES_RANGES)[number];

const SHAPE: Readonly<Record<SeriesRange, { readonly grain: SeriesGrain; readonly buckets: number }>> = {
  hour: { grain: 'minute', buckets: 60 },
  day: { grain: 'hour', buckets: 24 },
  week: { grain: 'hour', buckets: 7 * 24 },
};

export interface SeriesPoint {
  /** The bucket's start. */
  readonly at: string;
  readonly accepted: number;
  /** Accepted plus dropped: what the account's SDKs sent. */
  readonly offered: number;
  readonly dropped: Record<DropReason, number>;
}

export interface AccountSeries {
  readonly account: string;
  readonly range: SeriesRange;
  readonly grain: SeriesGrain;
  /** The first bucket's start and the end of the last (now's bucket, still filling). */
  readonly from: string;
  readonly to: string;
  /** Oldest first, one per minute or hour, the current one last. */
  readonly points: SeriesPoint[];
  readonly totals: Omit<SeriesPoint, 'at'>;
}

export interface AccountSeriesDeps {
  readonly accounts: Pick<AccountService, 'get'>;
  readonly usage: Pick<UsageService, 'series'>;
  readonly meter: Pick<UsageMeter, 'unflushedSeries'>;
  readonly now: () => number;
}

function point(counts: UsageCounts): Omit<SeriesPoint, 'at'> {
  const dropped = Object.values(counts.dropped).reduce((sum, n) => sum + n, 0);
  return { accepted: counts.accepted, offered: counts.accepted + dropped, dropped: counts.dropped };
}

export function accountSeries(deps: AccountSeriesDeps) {
  return async (accountKey: string, range: SeriesRange): Promise<AccountSeries> => {
    await deps.accounts.get(accountKey);
    const { grain, buckets } = SHAPE[range];
    const step = GRAIN_MS[grain];
    const now = deps.now();
    const from = bucketOf(now, grain) - (buckets - 1) * step;
    const to = bucketOf(now, grain) + step;
    const counts = Array.from({ length: buckets }, emptyUsage);
    const stored = await deps.usage.series(accountKey, grain, from, to);
    const total = emptyUsage();
    for (const delta of [...stored, ...deps.meter.unflushedSeries(accountKey, grain, from)]) {
      const bucket = counts[(delta.bucket - from) / step];
      if (bucket === undefined || delta.metric === 'invalid-payloads') continue;
      addUsage(bucket, delta.metric, delta.count);
      addUsage(total, delta.metric, delta.count);
    }
    return {
      account: accountKey,
      range,
      grain,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      points: counts.map((c, i) => ({ at: new Date(from + i * step).toISOString(), ...point(c) })),
      totals: point(total),
    };
  };
}
