/**
 * Which flags look stale over a window of whole days: not evaluated at all, or (a
 * temporary flag) serving one variation to everyone. A flag younger than the window is
 * never stale: it has not had the time to be evaluated.
 */
import type { Flag } from '@switchyard/control-plane';
import type { FlagDayTotals } from '@switchyard/pipeline';
import type { StaleSignal } from './insight-schemas.js';

export function variationsServed(totals: FlagDayTotals | undefined): number {
  return totals?.variations.filter((v) => v.variation !== null && v.count > 0).length ?? 0;
}

export function staleSignal(
  flag: Flag,
  totals: FlagDayTotals | undefined,
  windowStart: number,
): StaleSignal | null {
  if (Date.parse(flag.createdAt) > windowStart) return null;
  if (totals === undefined || totals.total === 0) return { kind: 'not-evaluated', action: 'archive' };
  const unknown = totals.variations.some((v) => v.variation === null && v.count > 0);
  if (flag.temporary && !unknown && variationsServed(totals) === 1) {
    return { kind: 'one-variation', action: 'make-permanent' };
  }
  return null;
}
