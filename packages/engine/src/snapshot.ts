import { isRecord } from './json.js';
import type { FlagJson, SdkData, SegmentJson } from './model.js';
import type { PrepareOptions } from './pattern.js';
import { type PreparedFlag, prepareFlag } from './prepare-flag.js';
import { type PreparedSegment, prepareSegment } from './prepare-segment.js';

/**
 * One environment's flags and segments, prepared once for evaluation. Immutable:
 * a change produces a new snapshot. Deleted items (tombstones) are left out.
 */
export interface Snapshot {
  readonly flags: ReadonlyMap<string, PreparedFlag>;
  readonly segments: ReadonlyMap<string, PreparedSegment>;
}

function prepareAll<J, P>(raw: unknown, prepare: (json: J, key: string) => P): Map<string, P> {
  const out = new Map<string, P>();
  if (!isRecord(raw)) return out;
  for (const [key, item] of Object.entries(raw)) {
    if (!isRecord(item) || item.deleted === true) continue;
    out.set(key, prepare(item as J, key));
  }
  return out;
}

/**
 * Prepares SDK data for evaluation. Never throws: unusable pieces evaluate as MALFORMED_FLAG.
 * `options.compilePattern` compiles `matches` patterns (pass `@switchyard/patterns`' RE2 compiler).
 */
export function prepareSnapshot(data: SdkData | unknown, options: PrepareOptions): Snapshot {
  const record = isRecord(data) ? data : {};
  return {
    flags: prepareAll<FlagJson, PreparedFlag>(record.flags, (json, key) => prepareFlag(json, key, options)),
    segments: prepareAll<SegmentJson, PreparedSegment>(record.segments, (json, key) =>
      prepareSegment(json, key, options),
    ),
  };
}
