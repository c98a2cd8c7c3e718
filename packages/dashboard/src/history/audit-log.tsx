/**
 * The audit log of a project, a flag or a segment: filtered by person and time range (in
 * the URL, so a filtered view can be shared), each entry with its before/after diff, and
 * "Revert to this" on a change of a flag's targeting in an environment.
 */
import type { AuditEntry } from '@switchyard/server/admin-types';
import { useState } from 'react';
import { useAllowed } from '../auth/use-allowed';
import { ChangeDiff } from '../targeting/change-diff';
import { Empty, ErrorState, Loading } from '../ui/states';
import { useSearchParam } from '../ui/use-search-param';
import { type AuditFilters, type AuditScope, useAuditLog, usePeople } from './audit-queries';
import { RevertDialog } from './revert-dialog';

/** `<input type="datetime-local">` holds local time without a zone; the API wants ISO. */
const toIso = (local: string) => (local === '' ? '' : new Date(local).toISOString());

const revertible = (entry: AuditEntry): boolean =>
  entry.resourceKind === 'flag' &&
  entry.environmentKey !== null &&
  typeof entry.after === 'object' &&
  entry.after !== null &&
  'fallthrough' in entry.after;

export function AuditLog({ scope, label }: { readonly scope: AuditScope; readonly label: string }) {
  const [params, setParam] = useSearchParam();
  const actor = params.get('actor') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const filters: AuditFilters = { actor, from: toIso(from), to: toIso(to) };
  const log = useAuditLog(scope, filters);
  const people = usePeople(scope);
  const [reverting, setReverting] = useState<AuditEntry | undefined>();
  const canWrite = useAllowed('writer');
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section className="history" aria-label={label}>
      <search className="toolbar">
        <label>
          <span>Person</span>
          <select value={actor} onChange={(e) => setParam('actor', e.target.value)}>
            <option value="">Everyone</option>
            {(people.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>From</span>
          <input type="datetime-local" value={from} onChange={(e) => setParam('from', e.target.value)} />
        </label>
        <label>
          <span>To</span>
          <input type="datetime-local" value={to} onChange={(e) => setParam('to', e.target.value)} />
        </label>
      </search>
      {log.isPending ? (
        <Loading label="Loading history…" />
      ) : log.isError ? (
        <ErrorState error={log.error} retry={() => log.refetch()} />
      ) : entries.length === 0 ? (
        <Empty>No change matches these filters.</Empty>
      ) : (
        <ol className="entries">
          {entries.map((entry) => (
            <AuditItem key={entry.id} entry={entry} {...(canWrite ? { onRevert: setReverting } : {})} />
          ))}
        </ol>
      )}
      {log.hasNextPage && (
        <button type="button" disabled={log.isFetchingNextPage} onClick={() => log.fetchNextPage()}>
          {log.isFetchingNextPage ? 'Loading…' : 'Show older changes'}
        </button>
      )}
      {reverting && (
        <RevertDialog project={scope.project} entry={reverting} onClose={() => setReverting(undefined)} />
      )}
    </section>
  );
}

function AuditItem({
  entry,
  onRevert,
}: {
  readonly entry: AuditEntry;
  /** Absent when the person may not write: no revert is offered. */
  readonly onRevert?: (entry: AuditEntry) => void;
}) {
  const where = entry.environmentKey === null ? '' : ` in ${entry.environmentKey}`;
  const title = `${entry.action} ${entry.resourceKind} ${entry.resourceKey}${where}`;
  return (
    <li>
      <article className="card entry" aria-label={`Change ${entry.id}: ${title}`}>
        <header className="row">
          <strong>{entry.action}</strong>
          <code>
            {entry.resourceKind} {entry.resourceKey}
          </code>
          {entry.environmentKey !== null && <span className="tag">{entry.environmentKey}</span>}
          <span>by {entry.actor.name}</span>
          <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time>
          {onRevert !== undefined && revertible(entry) && (
            <button type="button" aria-label={`Revert to change ${entry.id}`} onClick={() => onRevert(entry)}>
              Revert to this
            </button>
          )}
        </header>
        {entry.comment !== null && <p className="entry-comment">“{entry.comment}”</p>}
        <details>
          <summary>Before and after</summary>
          <ChangeDiff label={`Change ${entry.id}`} before={entry.before} after={entry.after} />
        </details>
      </article>
    </li>
  );
}
