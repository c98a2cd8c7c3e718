/**
 * The per-day rollup rows (migration 0009) of one apply's hourly increments: each
 * flag, variation and UTC day once, its counts summed and its latest hour kept.
 */
import type { EvaluationIncrement } from '@switchyard/pipeline';
import { UNKNOWN_VARIATION } from './sql-insights-reads.js';

export const DAY_MS = 86_400_000;

export interface DayRow {
  readonly project_key: string;
  readonly environment_key: string;
  readonly flag_key: string;
  readonly variation: number;
  readonly day: number;
  count: number;
  last_hour: number;
}

export const dayOf = (epochMs: number) => epochMs - (epochMs % DAY_MS);

export function dayRows(evaluations: readonly EvaluationIncrement[]): DayRow[] {
  const rows = new Map<string, DayRow>();
  for (const e of evaluations) {
    const variation = e.variation ?? UNKNOWN_VARIATION;
    const day = dayOf(e.hour);
    const id = JSON.stringify([e.projectKey, e.environmentKey, e.flagKey, variation, day]);
    const known = rows.get(id);
    if (known === undefined) {
      rows.set(id, {
        project_key: e.projectKey,
        environment_key: e.environmentKey,
        flag_key: e.flagKey,
        variation,
        day,
        count: e.count,
        last_hour: e.hour,
      });
    } else {
      known.count += e.count;
      known.last_hour = Math.max(known.last_hour, e.hour);
    }
  }
  return [...rows.values()];
}
