/**
 * Turns sparse hourly counts (hours without any are left out by the API) into the
 * aligned columns a chart draws: every hour of the window, zero where nothing came.
 */
import type { ChartSeries } from '../ui/time-chart';

const HOUR_MS = 3_600_000;

export interface HourCounts {
  readonly hour: string;
  /** Count by series label. */
  readonly counts: ReadonlyMap<string, number>;
}

export function hourBuckets(
  from: string,
  to: string,
  hours: readonly HourCounts[],
  labels: readonly string[],
): { times: number[]; series: ChartSeries[] } {
  const start = Date.parse(from);
  const times: number[] = [];
  for (let t = start; t < Date.parse(to); t += HOUR_MS) times.push(t);
  const index = new Map(times.map((t, i) => [t, i]));
  const series = labels.map((label) => {
    const values = times.map(() => 0);
    for (const h of hours) {
      const i = index.get(Date.parse(h.hour));
      if (i !== undefined) values[i] = h.counts.get(label) ?? 0;
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
