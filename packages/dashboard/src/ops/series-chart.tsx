/**
 * A small SVG bar chart of an account's events over time: per bucket, the accepted
 * events and, stacked on them, the dropped ones. Enough to see a spike start and a cut-off
 * take hold without a chart library; the label carries the figures for people who cannot
 * see it.
 */
export interface SeriesBar {
  readonly at: string;
  readonly accepted: number;
  readonly dropped: number;
}

const WIDTH = 720;
const HEIGHT = 180;
const LEFT = 48;
const BOTTOM = 22;
const TOP = 8;

const count = (n: number) => Math.round(n).toLocaleString('en');

function tick(iso: string, grain: 'minute' | 'hour'): string {
  const date = new Date(iso);
  return grain === 'minute'
    ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export interface SeriesChartProps {
  readonly bars: readonly SeriesBar[];
  readonly grain: 'minute' | 'hour';
  readonly label: string;
}

export function SeriesChart({ bars, grain, label }: SeriesChartProps) {
  const max = Math.max(1, ...bars.map((b) => b.accepted + b.dropped));
  const plotWidth = WIDTH - LEFT;
  const plotHeight = HEIGHT - BOTTOM - TOP;
  const slot = plotWidth / Math.max(1, bars.length);
  const barWidth = Math.max(1, slot - (slot > 4 ? 1.5 : 0.5));
  const y = (n: number) => TOP + plotHeight - (n / max) * plotHeight;
  const first = bars[0];
  const last = bars.at(-1);
  return (
    <svg className="series-chart" role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${HEIGHT}`}>
      <line className="axis" x1={LEFT} x2={WIDTH} y1={y(0)} y2={y(0)} />
      <line className="grid" x1={LEFT} x2={WIDTH} y1={y(max)} y2={y(max)} />
      <line className="grid" x1={LEFT} x2={WIDTH} y1={y(max / 2)} y2={y(max / 2)} />
      <text className="tick" x={LEFT - 6} y={y(max) + 4} textAnchor="end">
        {count(max)}
      </text>
      <text className="tick" x={LEFT - 6} y={y(0) + 4} textAnchor="end">
        0
      </text>
      {bars.map((bar, i) => {
        const x = LEFT + i * slot;
        return (
          <g key={bar.at}>
            <title>{`${tick(bar.at, grain)}: ${count(bar.accepted)} accepted, ${count(bar.dropped)} dropped`}</title>
            {bar.accepted > 0 && (
              <rect
                className="accepted"
                x={x}
                y={y(bar.accepted)}
                width={barWidth}
                height={y(0) - y(bar.accepted)}
              />
            )}
            {bar.dropped > 0 && (
              <rect
                className="dropped"
                x={x}
                y={y(bar.accepted + bar.dropped)}
                width={barWidth}
                height={y(bar.accepted) - y(bar.accepted + bar.dropped)}
              />
            )}
          </g>
        );
      })}
      {first && (
        <text className="tick" x={LEFT} y={HEIGHT - 6}>
          {tick(first.at, grain)}
        </text>
      )}
      {last && (
        <text className="tick" x={WIDTH} y={HEIGHT - 6} textAnchor="end">
          {tick(last.at, grain)}
        </text>
      )}
    </svg>
  );
}
