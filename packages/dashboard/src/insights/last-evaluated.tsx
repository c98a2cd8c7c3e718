/**
 * When a flag was last evaluated. Counts are kept per hour, so the answer is an hour:
 * "this hour", or how long ago that hour was.
 */
import { describeWhen } from '../ui/when';

const HOUR_MS = 3_600_000;

export function LastEvaluated({ iso }: { readonly iso: string | null | undefined }) {
  if (iso === undefined) return <span>…</span>;
  if (iso === null) return <span className="muted">Never</span>;
  const start = Date.parse(iso);
  const thisHour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  return (
    <time dateTime={iso} title={`In the hour from ${new Date(start).toLocaleString()}`}>
      {start >= thisHour ? 'This hour' : describeWhen(new Date(start + HOUR_MS).toISOString())}
    </time>
  );
}
