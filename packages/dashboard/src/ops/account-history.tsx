/**
 * One account's history from the audit log: its overrides set (who, when, why, until
 * when), lifted (by whom) or expired (by the backend), and its limits changed, newest first.
 */
import type { AuditEntry, OverrideBody } from '@switchyard/server/admin-types';
import { ColumnHeads } from '../ui/column-heads';
import { ErrorState, Loading } from '../ui/states';
import { When } from '../ui/when';
import { KIND_NAMES, Until } from './account-overrides';
import { useAccountHistory } from './ops-queries';
import { overrideValueText } from './override-dialog';

const COLUMNS = ['When', 'Who', 'What', 'Reason', 'Ends'] as const;

type Limits = { eventsPerMonth?: number; eventsPerSecond?: number };

const limitText = (n: number | undefined, unit: string) =>
  n === undefined ? 'none' : `${n.toLocaleString('en')}${unit}`;

function limitChanges(entry: AuditEntry): string {
  const before = ((entry.before as { limits?: Limits } | null)?.limits ?? {}) as Limits;
  const after = ((entry.after as { limits?: Limits } | null)?.limits ?? {}) as Limits;
  const changes: string[] = [];
  if (before.eventsPerMonth !== after.eventsPerMonth)
    changes.push(
      `monthly limit ${limitText(before.eventsPerMonth, '')} → ${limitText(after.eventsPerMonth, '')}`,
    );
  if (before.eventsPerSecond !== after.eventsPerSecond)
    changes.push(
      `per-second limit ${limitText(before.eventsPerSecond, '/s')} → ${limitText(after.eventsPerSecond, '/s')}`,
    );
  return changes.length === 0 ? 'Account changed' : `Changed ${changes.join(', ')}`;
}

function describe(entry: AuditEntry): { what: string; ends?: OverrideBody } {
  const override = (entry.after ?? entry.before) as OverrideBody | null;
  const kind = override ? (KIND_NAMES[override.kind] ?? override.kind) : '';
  switch (entry.action) {
    case 'account.override.set':
      return {
        what:
          override?.kind === 'kill-switch'
            ? 'Cut-off set: events dropped'
            : `${kind} set: ${override ? overrideValueText(override.kind, override.value) : ''}`,
        ...(override ? { ends: override } : {}),
      };
    case 'account.override.lift':
      return { what: `${kind} lifted (set by ${override?.setBy.name ?? 'someone'})` };
    case 'account.override.expire':
      return { what: `${kind} expired (set by ${override?.setBy.name ?? 'someone'})` };
    case 'account.update':
      return { what: limitChanges(entry) };
    case 'account.create':
      return { what: 'Account created' };
    default:
      return { what: entry.action };
  }
}

export function AccountHistory({ account }: { readonly account: string }) {
  const history = useAccountHistory(account);
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      {history.isPending ? (
        <Loading label="Loading the history…" />
      ) : history.isError ? (
        <ErrorState error={history.error} retry={() => history.refetch()} />
      ) : (
        <table className="flags" aria-labelledby="history-title">
          <ColumnHeads names={COLUMNS} />
          <tbody>
            {history.data.map((entry) => {
              const { what, ends } = describe(entry);
              return (
                <tr key={entry.id}>
                  <td>
                    <When iso={entry.at} />
                  </td>
                  <td>
                    {entry.actor.kind === 'system' ? `${entry.actor.name} (automatic)` : entry.actor.name}
                  </td>
                  <td>{what}</td>
                  <td>{entry.comment ?? ''}</td>
                  <td>{ends ? <Until iso={ends.expiresAt} /> : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
