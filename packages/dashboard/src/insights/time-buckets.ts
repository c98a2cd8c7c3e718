/**
 * Turns sparse counts per bucket (hours or days without any are left out by the API) into
 * the aligned columns a chart draws: every bucket of the window, zero where nothing came.
 */
import type { ChartSeries } from '../ui/time-chart';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export interface BucketCounts {
  /** The bucket's start, as the API gives it. */
  readonly start: string;
  /** Count by series label. */
  readonly counts: ReadonlyMap<string, number>;
}

export function timeBuckets(
  from: string,
  to: string,
  stepMs: number,
  buckets: readonly BucketCounts[],
  labels: readonly string[],
): { times: number[]; series: ChartSeries[] } {
  const start = Date.parse(from);
  const times: number[] = [];
  for (let t = start; t < Date.parse(to); t += stepMs) times.push(t);
  const index = new Map(times.map((t, i) => [t, i]));
  const series = labels.map((label) => {
    const values = times.map(() => 0);
    for (const b of buckets) {
      const i = index.get(Date.parse(b.start));
      if (i !== undefined) values[i] = b.counts.get(label) ?? 0;
    }
    return { label, values };
  });
  return { times, series };
}

/** The windows a chart offers. */
export const RANGES = [
  { hours: 24, label: '24 hours' },
  { hours: 7 * 24, label: '7 days' },
  { hours: 30 * 24, label: '30 days' },
] as const;
