/** A moment as people say it ("5 minutes ago", "yesterday"), with the exact time on hover. */
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

export function describeWhen(iso: string, now = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  for (const [unit, size] of UNITS)
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  return 'just now';
}

export function When({ iso }: { readonly iso: string }) {
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()}>
      {describeWhen(iso)}
    </time>
  );
}
