/**
 * A flag's insights on its page: evaluations per variation over the chosen window (a
 * chart, and the totals as numbers), when it was last evaluated in each environment, and
 * the contexts that evaluated it most recently.
 */
import type { Flag, FlagSeriesBody } from '@switchyard/server/admin-types';
import { useMemo, useState } from 'react';
import { ErrorState, Loading } from '../ui/states';
import { TimeChart } from '../ui/time-chart';
import { FlagContexts } from './flag-contexts';
import { type Grain, useFlagEnvironments, useFlagSeries } from './insight-queries';
import { LastEvaluated } from './last-evaluated';
import { RangeChoice } from './range-choice';
import { DAY_MS, HOUR_MS, RANGES, timeBuckets } from './time-buckets';

const UNKNOWN = 'Unknown (flag not found or error)';

const labelOf = (flag: Flag, variation: number | null) =>
  variation === null
    ? UNKNOWN
    : `${JSON.stringify(flag.variations[variation] ?? null)} (variation ${variation})`;

/** Each series' label and total over the window, the flag's variations first, in order. */
function totalsOf(flag: Flag, body: FlagSeriesBody) {
  const totals = new Map<string, number>(flag.variations.map((_, i) => [labelOf(flag, i), 0]));
  const points =
    body.grain === 'day'
      ? body.days.map((d) => ({ start: d.day, variations: d.variations }))
      : body.hours.map((h) => ({ start: h.hour, variations: h.variations }));
  const buckets = points.map(({ start, variations }) => {
    const counts = new Map<string, number>();
    for (const v of variations) {
      const label = labelOf(flag, v.variation);
      counts.set(label, v.count);
      totals.set(label, (totals.get(label) ?? 0) + v.count);
    }
    return { start, counts };
  });
  const step = body.grain === 'day' ? DAY_MS : HOUR_MS;
  return { totals, chart: timeBuckets(body.from, body.to, step, buckets, [...totals.keys()]) };
}

/**
 * A day's line is read per hour; a week or a month per day, from the server's daily rollup:
 * 168 or 720 hourly points squeeze a busy hour into a sliver at the right edge.
 */
const grainOf = (hours: number): Grain => (hours > 24 ? 'day' : 'hour');

interface FlagInsightsProps {
  readonly project: string;
  readonly env: string;
  readonly envName: string;
  readonly flag: Flag;
}

export function FlagInsights({ project, env, envName, flag }: FlagInsightsProps) {
  const [hours, setHours] = useState<number>(24);
  const grain = grainOf(hours);
  const series = useFlagSeries(project, env, flag.key, hours, grain);
  const shown = useMemo(() => (series.data ? totalsOf(flag, series.data) : undefined), [flag, series.data]);
  const rangeLabel = RANGES.find((r) => r.hours === hours)?.label ?? `${hours} hours`;
  const total = shown ? [...shown.totals.values()].reduce((a, b) => a + b, 0) : 0;

  return (
    <section className="card" aria-labelledby="flag-insights-title">
      <h2 id="flag-insights-title">Insights</h2>
      <h3>Evaluations in {envName}</h3>
      <RangeChoice name="flag-insights-range" hours={hours} onChange={setHours} />
      {series.isPending ? (
        <Loading label="Loading evaluations…" />
      ) : series.isError ? (
        <ErrorState error={series.error} retry={() => series.refetch()} />
      ) : shown === undefined ? null : (
        <>
          <TimeChart
            label={`Evaluations of ${flag.key} per variation per ${grain}, last ${rangeLabel}`}
            grain={grain}
            times={shown.chart.times}
            series={shown.chart.series}
          />
          <table className="insight-totals" aria-label={`Evaluations per variation, last ${rangeLabel}`}>
            <thead>
              <tr>
                <th scope="col">Variation</th>
                <th scope="col">Evaluations</th>
              </tr>
            </thead>
            <tbody>
              {[...shown.totals].map(([label, count]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td>{count.toLocaleString()}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">All variations</th>
                <td>{total.toLocaleString()}</td>
              </tr>
            </tbody>
          </table>
        </>
      )}
      <FlagEnvironments project={project} flag={flag.key} />
      <FlagContexts project={project} env={env} envName={envName} flag={flag.key} />
    </section>
  );
}

function FlagEnvironments({ project, flag }: { readonly project: string; readonly flag: string }) {
  const found = useFlagEnvironments(project, flag);
  return (
    <>
      <h3>Last evaluated</h3>
      {found.isPending ? (
        <Loading label="Loading environments…" />
      ) : found.isError ? (
        <ErrorState error={found.error} retry={() => found.refetch()} />
      ) : (
        <table className="insight-totals" aria-label="Last evaluated per environment, last 30 days">
          <thead>
            <tr>
              <th scope="col">Environment</th>
              <th scope="col">Last evaluated</th>
              <th scope="col">Evaluations (30 days)</th>
            </tr>
          </thead>
          <tbody>
            {found.data.environments.map((e) => (
              <tr key={e.key}>
                <th scope="row">{e.name}</th>
                <td>
                  <LastEvaluated iso={e.lastEvaluated} />
                </td>
                <td>{e.total.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
