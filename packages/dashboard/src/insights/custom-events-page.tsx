/**
 * The environment's custom events (`track` calls): counts per event key over the chosen
 * window, as a chart and as numbers, with each key's metric sum.
 */
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { useEnvironments } from '../api/project-queries';
import { Empty, ErrorState, Loading } from '../ui/states';
import { TimeChart } from '../ui/time-chart';
import { useCustomEventSeries } from './insight-queries';
import { RangeChoice } from './range-choice';
import { HOUR_MS, RANGES, timeBuckets } from './time-buckets';

export function CustomEventsPage() {
  const { project = '', env = '' } = useParams();
  const envName = useEnvironments(project).data?.find((e) => e.key === env)?.name ?? env;
  const [hours, setHours] = useState<number>(24);
  const found = useCustomEventSeries(project, env, hours);
  const rangeLabel = RANGES.find((r) => r.hours === hours)?.label ?? `${hours} hours`;
  const chart = useMemo(() => {
    if (found.data === undefined) return undefined;
    const { from, to, events, hours: rows } = found.data;
    const counts = rows.map((h) => ({
      start: h.hour,
      counts: new Map(h.events.map((e) => [e.key, e.count])),
    }));
    return timeBuckets(
      from,
      to,
      HOUR_MS,
      counts,
      events.map((e) => e.key),
    );
  }, [found.data]);

  return (
    <section aria-labelledby="events-title">
      <div className="page-head">
        <h1 id="events-title">Custom events</h1>
      </div>
      <p className="help">What SDKs in {envName} tracked, counted per hour.</p>
      <RangeChoice name="events-range" hours={hours} onChange={setHours} />
      {found.isPending ? (
        <Loading label="Loading custom events…" />
      ) : found.isError ? (
        <ErrorState error={found.error} retry={() => found.refetch()} />
      ) : found.data.events.length === 0 ? (
        <Empty>
          No custom events in {envName} in the last {rangeLabel}.
        </Empty>
      ) : (
        <div className="card">
          {chart && (
            <TimeChart
              label={`Custom events per key per hour, last ${rangeLabel}`}
              times={chart.times}
              series={chart.series}
            />
          )}
          <table className="insight-totals" aria-label={`Custom events per key, last ${rangeLabel}`}>
            <thead>
              <tr>
                <th scope="col">Event key</th>
                <th scope="col">Count</th>
                <th scope="col">Metric sum</th>
              </tr>
            </thead>
            <tbody>
              {found.data.events.map((e) => (
                <tr key={e.key}>
                  <th scope="row">
                    <code>{e.key}</code>
                  </th>
                  <td>{e.count.toLocaleString()}</td>
                  <td>{e.metricSum.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
