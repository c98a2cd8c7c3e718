/**
 * What an import would change, worked out before it is sent (for --dry-run): the import
 * replaces the environment's targeting, so flags it lacks are reset to off and segments
 * it lacks are deleted.
 */
import type { SdkData } from '@switchyard/server/admin-types';

export type ChangeKind = 'create' | 'update' | 'reset' | 'delete' | 'unchanged';

export interface PlannedChange {
  readonly kind: 'flag' | 'segment';
  readonly key: string;
  readonly change: ChangeKind;
}

/** Fields SDK data carries that an import does not set from the file. */
const IGNORED = new Set(['key', 'version', 'salt', 'deleted', 'generation']);

function comparable(item: unknown): string {
  const entries = Object.entries((item ?? {}) as Record<string, unknown>)
    .filter(([name, value]) => !IGNORED.has(name) && value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(Object.fromEntries(entries));
}

function planItems(
  kind: 'flag' | 'segment',
  current: Readonly<Record<string, unknown>>,
  incoming: Readonly<Record<string, unknown>>,
  projectHas: (key: string) => boolean,
): PlannedChange[] {
  const changes: PlannedChange[] = [];
  for (const [key, item] of Object.entries(incoming)) {
    const before = current[key];
    const change: ChangeKind =
      before === undefined
        ? kind === 'flag' && projectHas(key)
          ? 'update'
          : 'create'
        : comparable(before) === comparable({ ...(before as object), ...(item as object) })
          ? 'unchanged'
          : 'update';
    changes.push({ kind, key, change });
  }
  for (const key of Object.keys(current)) {
    if (!(key in incoming)) changes.push({ kind, key, change: kind === 'flag' ? 'reset' : 'delete' });
  }
  return changes;
}

export function planImport(
  current: SdkData,
  incoming: SdkData,
  projectFlags: ReadonlySet<string>,
): PlannedChange[] {
  return [
    ...planItems('flag', current.flags ?? {}, incoming.flags ?? {}, (key) => projectFlags.has(key)),
    ...planItems('segment', current.segments ?? {}, incoming.segments ?? {}, () => false),
  ];
}
