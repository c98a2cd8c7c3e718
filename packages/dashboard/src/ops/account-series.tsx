/**
 * One account's events over the last hour (per minute), day or week (per hour), on every
 * node: a chart of accepted and dropped events, and the totals by reason.
 */
import { RadioChoices } from '../ui/radio-choices';
import { ErrorState, Loading } from '../ui/states';
import { useSearchParam } from '../ui/use-search-param';
import { type SeriesRange, useAccountSeries } from './ops-queries';
import { SeriesChart } from './series-chart';

const RANGES: readonly (readonly [SeriesRange, string])[] = [
  ['hour', 'Last hour'],
  ['day', 'Last day'],
  ['week', 'Last week'],
];

const count = (n: number) => Math.round(n).toLocaleString('en');

export function AccountSeries({ account }: { readonly account: string }) {
  const [params, setParam] = useSearchParam();
  const range = RANGES.find(([r]) => r === params.get('range'))?.[0] ?? 'hour';
  const series = useAccountSeries(account, range);
  const title = RANGES.find(([r]) => r === range)?.[1] ?? range;
  return (
    <section aria-labelledby="series-title">
      <h2 id="series-title">Events</h2>
      <RadioChoices
        legend="Range"
        name="range"
        choices={RANGES}
        value={range}
        onChange={(value) => setParam('range', value === 'hour' ? '' : value)}
      />
      {series.isPending ? (
        <Loading label="Loading events…" />
      ) : series.isError && !series.data ? (
        <ErrorState error={series.error} retry={() => series.refetch()} />
      ) : (
        <>
          <dl className="figures" aria-label={`Totals, ${title.toLowerCase()}`}>
            <div>
              <dt>Accepted</dt>
              <dd>{count(series.data.totals.accepted)}</dd>
            </div>
            <div>
              <dt>Offered</dt>
              <dd>{count(series.data.totals.offered)}</dd>
            </div>
            {Object.entries(series.data.totals.dropped)
              .filter(([, n]) => n > 0)
              .map(([reason, n]) => (
                <div key={reason}>
                  <dt>Dropped: {reason}</dt>
                  <dd>{count(n)}</dd>
                </div>
              ))}
          </dl>
          <SeriesChart
            grain={series.data.grain}
            bars={series.data.points.map((p) => ({
              at: p.at,
              accepted: p.accepted,
              dropped: p.offered - p.accepted,
            }))}
            label={`Events per ${series.data.grain}, ${title.toLowerCase()}: ${count(series.data.totals.accepted)} accepted, ${count(series.data.totals.offered - series.data.totals.accepted)} dropped`}
          />
          <p className="legend help">
            <span className="accepted" aria-hidden="true" />
            accepted <span className="dropped" aria-hidden="true" />
            dropped, per {series.data.grain}, all nodes
          </p>
        </>
      )}
    </section>
  );
}
