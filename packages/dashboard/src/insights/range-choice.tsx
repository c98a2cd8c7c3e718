/** The chart window: last 24 hours, 7 days or 30 days, as a group of radio buttons. */
import { RANGES } from './time-buckets';

export function RangeChoice({
  name,
  hours,
  onChange,
}: {
  readonly name: string;
  readonly hours: number;
  readonly onChange: (hours: number) => void;
}) {
  return (
    <div className="segmented" role="radiogroup" aria-label="Time range">
      {RANGES.map((r) => (
        <label key={r.hours} className="check">
          <input type="radio" name={name} checked={hours === r.hours} onChange={() => onChange(r.hours)} />
          Last {r.label}
        </label>
      ))}
    </div>
  );
}
