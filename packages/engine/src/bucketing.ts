/** Hex SHA-1 of a string: the one piece of hashing the engine needs, injected by its host. */
export type Sha1Hex = (input: string) => string;

// 2^60 - 1, the largest value of 15 hex digits. As a double it rounds to 2^60,
// exactly as it does in LaunchDarkly's JS SDK, whose buckets we must reproduce.
const LONG_SCALE = 2 ** 60;

/**
 * The string a context is bucketed by: strings as they are, integers in decimal.
 * Anything else cannot be bucketed (the context lands in bucket 0).
 */
export function bucketableValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return undefined;
}

/** LaunchDarkly's bucket in [0, 1): the first 15 hex digits of SHA-1(`prefix.value`) over 2^60 - 1. */
export function bucket(sha1Hex: Sha1Hex, prefix: string, value: string): number {
  const hex = sha1Hex(`${prefix}.${value}`);
  return Number.parseInt(hex.slice(0, 15), 16) / LONG_SCALE;
}
