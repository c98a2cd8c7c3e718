/**
 * A time-series chart over uPlot (ADR 0019): one line per series, on a shared time axis.
 * uPlot draws on a canvas, so the chart carries a label for people who cannot see it, and
 * pages that chart counts also print them.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  readonly label: string;
  /** One value per entry of `times`; null leaves a gap. */
  readonly values: readonly (number | null)[];
}

export interface TimeChartProps {
  /** What the chart shows, read out in place of the drawing. */
  readonly label: string;
  /** The start of each bucket, in milliseconds since the epoch, oldest first. */
  readonly times: readonly number[];
  readonly series: readonly ChartSeries[];
  /** Each entry of `times` starts an hour (local time) or a UTC day (the server's daily rollup). */
  readonly grain?: 'hour' | 'day';
  readonly height?: number;
}

/** Line colours, told apart without red against green. */
const COLOURS = ['#2563eb', '#ea580c', '#0d9488', '#9333ea', '#ca8a04', '#db2777', '#4b5563'];

const DAY_TICKS = [1, 2, 3, 7, 14].map((days) => days * 86_400);

/** The legend's time: the bucket a value belongs to. Days are UTC days, as the server counts them. */
const TIME_FORMATS = {
  hour: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
  day: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }),
} as const;

/**
 * Away from the cursor, the legend shows the latest bucket's values rather than uPlot's
 * empty "--": what a person looking at the chart first wants to read.
 */
function showLatestWhenIdle(u: uPlot) {
  if (u.cursor.idx != null) return;
  const latest = (u.data[0]?.length ?? 0) - 1;
  if (latest >= 0 && u.legend.idx !== latest) u.setLegend({ idx: latest }, false);
}

export function TimeChart({ label, times, series, grain = 'hour', height = 220 }: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  // The chart is made again when the set of series changes, and given new data otherwise.
  const shape = series.map((s) => s.label).join('\u0000');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `shape` stands for the series' labels.
  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height,
      // Daily buckets start at midnight UTC: the axis is drawn in UTC too, so each tick is its day.
      ...(grain === 'day' ? { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC') } : {}),
      series: [
        {
          label: grain === 'day' ? 'Day' : 'Hour',
          value: (_u: uPlot, seconds: number | null) =>
            seconds == null ? '—' : TIME_FORMATS[grain].format(new Date(seconds * 1000)),
        },
        ...series.map((s, i) => ({
          label: s.label,
          stroke: COLOURS[i % COLOURS.length],
          width: 1.5,
          spanGaps: false,
        })),
      ],
      // Daily points get a tick per day (or every few days), never the hours between them.
      axes: [grain === 'day' ? { incrs: DAY_TICKS } : {}, { size: 60 }],
      legend: { live: true },
      hooks: { ready: [showLatestWhenIdle], setData: [showLatestWhenIdle], setCursor: [showLatestWhenIdle] },
    };
    const made = new uPlot(options, toData(times, series), element);
    plot.current = made;
    const resize = new ResizeObserver(() =>
      made.setSize({ width: Math.max(200, element.clientWidth), height }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      made.destroy();
      plot.current = null;
    };
  }, [shape, grain, height]);

  useEffect(() => {
    plot.current?.setData(toData(times, series));
  }, [times, series]);

  return <div className="time-chart" role="img" aria-label={label} ref={box} />;
}

/** uPlot's columns: times in seconds, then each series' values. */
function toData(times: readonly number[], series: readonly ChartSeries[]): uPlot.AlignedData {
  return [times.map((t) => t / 1000), ...series.map((s) => s.values.slice() as (number | null)[])];
}
