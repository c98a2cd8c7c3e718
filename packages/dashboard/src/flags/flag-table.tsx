/**
 * The flag list's table: each flag's definition, its on/off in one environment, when it
 * was last evaluated there, and the stale signal with its suggested action.
 */
import type { Flag, FlagState, InsightSummaryBody } from '@switchyard/server/admin-types';
import { useState } from 'react';
import { Link } from 'react-router';
import { LastEvaluated } from '../insights/last-evaluated';
import { ColumnHeads } from '../ui/column-heads';
import { ErrorState } from '../ui/states';
import { When } from '../ui/when';
import { describeStale } from './stale-choices';

/** Rows drawn at first, and added per "Show more": a small DOM keeps each keystroke's redraw quick. */
const PAGE_ROWS = 100;

interface FlagTableProps {
  readonly flags: readonly Flag[];
  readonly states: ReadonlyMap<string, FlagState> | undefined;
  /** The last 30 days of insights by flag key; undefined while loading. */
  readonly summary: ReadonlyMap<string, InsightSummaryBody['flags'][number]> | undefined;
  readonly statesError: unknown;
  readonly envName: string;
  readonly archived: boolean;
  /** Off for a reader: the on/off shows as text, and there is nothing to archive. */
  readonly canWrite: boolean;
  readonly onToggle: (flag: Flag, on: boolean) => void;
  readonly onArchive: (flag: Flag) => void;
}

export function FlagTable(props: FlagTableProps) {
  const { flags, states, summary, statesError, envName, archived, canWrite, onToggle, onArchive } = props;
  const [rows, setRows] = useState(PAGE_ROWS);
  return (
    <>
      {statesError !== undefined && <ErrorState error={statesError} />}
      <p className="count" aria-live="polite">
        {flags.length > rows
          ? `Showing ${rows} of ${flags.length} flags`
          : `${flags.length} ${flags.length === 1 ? 'flag' : 'flags'}`}
      </p>
      <table className="flags">
        <ColumnHeads
          names={['Flag', 'Tags', 'Lifetime', 'Created', 'Last changed', 'Last evaluated', envName]}
          actions
        />
        <tbody>
          {flags.slice(0, rows).map((flag) => {
            const state = states?.get(flag.key);
            const insight = summary?.get(flag.key);
            return (
              <tr key={flag.key}>
                <th scope="row">
                  <Link className="flag-name" to={encodeURIComponent(flag.key)} title={flag.name}>
                    {flag.name}
                  </Link>
                  <code className="flag-key" title={flag.key}>
                    {flag.key}
                  </code>
                </th>
                <td data-label="Tags">
                  {flag.tags.map((t) => (
                    <span key={t} className="tag">
                      {t}
                    </span>
                  ))}
                </td>
                <td data-label="Lifetime">{flag.temporary ? 'Temporary' : 'Permanent'}</td>
                <td data-label="Created">
                  <time dateTime={flag.createdAt}>{new Date(flag.createdAt).toLocaleDateString()}</time>
                </td>
                <td data-label="Last changed">
                  {state?.lastChangedAt == null ? '—' : <When iso={state.lastChangedAt} />}
                </td>
                <td data-label="Last evaluated">
                  <LastEvaluated iso={summary === undefined ? undefined : (insight?.lastEvaluated ?? null)} />
                  {insight?.stale && <span className="stale">{describeStale(insight.stale)}</span>}
                </td>
                <td data-label={envName}>
                  {archived ? (
                    'Archived'
                  ) : !canWrite ? (
                    <span className={state?.on ? 'state-on' : 'state-off'}>
                      {state === undefined ? '…' : state.on ? 'On' : 'Off'}
                    </span>
                  ) : state === undefined ? (
                    // No switch until the state is known: an "off" switch would be a false answer.
                    <span aria-busy="true">…</span>
                  ) : (
                    <button
                      type="button"
                      role="switch"
                      className="switch"
                      aria-checked={state.on}
                      aria-label={`${flag.key} in ${envName}`}
                      onClick={() => onToggle(flag, !state.on)}
                    >
                      <span aria-hidden="true">{state.on ? 'On' : 'Off'}</span>
                    </button>
                  )}
                </td>
                <td>
                  {canWrite && (
                    <button type="button" className="link" onClick={() => onArchive(flag)}>
                      {archived ? 'Restore' : 'Archive'}
                      <span className="visually-hidden"> {flag.key}</span>
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {flags.length > rows && (
        <p className="more">
          <button type="button" onClick={() => setRows(rows + PAGE_ROWS)}>
            Show {Math.min(PAGE_ROWS, flags.length - rows)} more
          </button>{' '}
          <button type="button" onClick={() => setRows(flags.length)}>
            Show all {flags.length}
          </button>
        </p>
      )}
    </>
  );
}
