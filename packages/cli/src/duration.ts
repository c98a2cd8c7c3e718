/** Durations as people type them: `90s`, `15m`, `2h`, `1d`. */
import { UsageError } from './errors.js';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m|h|d)$/.exec(text.trim());
  if (!match) throw new UsageError(`${option} must be a duration such as 90s, 15m, 2h or 1d; got "${text}"`);
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}

/** A point in time: a duration ago (`10m`) or an ISO date. */
export function parseSince(text: string, now: number): string {
  if (/^\d+(?:\.\d+)?[smhd]$/.test(text.trim()))
    return new Date(now - parseDuration(text, '--since')).toISOString();
  const at = Date.parse(text);
  if (Number.isNaN(at))
    throw new UsageError(`--since must be a duration (10m) or a date (2026-12-07T08:00:00Z); got "${text}"`);
  return new Date(at).toISOString();
}
