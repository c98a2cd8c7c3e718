/**
 * Timestamps for the `before` and `after` operators: a number of Unix milliseconds,
 * or an RFC 3339 string with a `T` and a zone. Anything else does not match.
 */
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[-+]\d\d(:\d\d)?)$/;

export function parseTimestamp(input: unknown): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? input : undefined;
  if (typeof input !== 'string' || !RFC3339.test(input)) return undefined;
  const ms = Date.parse(input);
  return Number.isNaN(ms) ? undefined : ms;
}
