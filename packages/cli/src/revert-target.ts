/**
 * Which audit entry holds a flag's targeting at a given version in one environment:
 * the revert route restores an audit entry's before or after state, while people think
 * in versions (`flags get` shows them). The entry that made version N holds it as its
 * `after`; the first change after N holds it as its `before` (version 1, written when the
 * flag was created, is only ever found that way).
 */
import type { AuditEntry, ListBody } from '@switchyard/server/admin-types';
import type { ApiClient } from './api-client.js';
import { CliError } from './errors.js';

export interface RevertTarget {
  readonly auditId: number;
  readonly to: 'before' | 'after';
}

interface Ref {
  readonly project: string;
  readonly flag: string;
  readonly env: string;
}

const PAGE = 500;

/** The targeting version an audit entry's before or after state holds, if it holds targeting. */
export function versionOf(state: AuditEntry['before']): number | undefined {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return undefined;
  return 'fallthrough' in state && typeof state.version === 'number' ? state.version : undefined;
}

function match(entry: AuditEntry, ref: Ref, version: number): RevertTarget | undefined {
  if (entry.environmentKey !== ref.env) return undefined;
  if (versionOf(entry.after) === version) return { auditId: entry.id, to: 'after' };
  if (versionOf(entry.before) === version) return { auditId: entry.id, to: 'before' };
  return undefined;
}

/** Reads the flag's audit log, newest first, page by page, until an entry holds `version`. */
export async function findVersion(client: ApiClient, ref: Ref, version: number): Promise<RevertTarget> {
  let before: number | undefined;
  for (;;) {
    const page = await client.get<ListBody<AuditEntry> & { next?: number }>('/api/v1/audit', {
      query: { project: ref.project, flag: ref.flag, limit: PAGE, before },
    });
    for (const entry of page.items) {
      const found = match(entry, ref, version);
      if (found) return found;
    }
    if (page.next === undefined) break;
    before = page.next;
  }
  throw new CliError(
    `The audit log holds no version ${version} of "${ref.flag}" in ${ref.env} (see "switchyard flags history ${ref.flag}")`,
    { code: 'VERSION_NOT_FOUND' },
  );
}
