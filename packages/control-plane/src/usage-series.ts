/**
 * Event usage over time: the same counters as the monthly usage, per account in
 * wall-clock buckets (minutes for the last hour, hours for the last week). Every node
 * adds its deltas to the same buckets, so a bucket is the cluster's count. Buckets are
 * aligned to the epoch and bounded: minutes are kept for a few hours, hours for 8 days.
 */
import type { UsageMetric } from './usage-metric.js';

export type SeriesGrain = 'minute' | 'hour';

export const GRAIN_MS: Readonly<Record<SeriesGrain, number>> = { minute: 60_000, hour: 3_600_000 };

/** How long buckets are kept: the minutes the last hour needs, the hours a week needs, with room. */
export const SERIES_KEPT_MS: Readonly<Record<SeriesGrain, number>> = {
  minute: 3 * 3_600_000,
  hour: 8 * 24 * 3_600_000,
};

export interface SeriesDelta {
  readonly accountKey: string;
  readonly grain: SeriesGrain;
  /** The bucket's start, epoch ms (a multiple of its grain). */
  readonly bucket: number;
  readonly metric: UsageMetric;
  readonly count: number;
}

/** The start of the bucket `at` falls in. */
export function bucketOf(at: number, grain: SeriesGrain): number {
  const ms = GRAIN_MS[grain];
  return Math.floor(at / ms) * ms;
}
