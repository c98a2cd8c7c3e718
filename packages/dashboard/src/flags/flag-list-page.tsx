/**
 * The flags of a project with their on/off in the environment of the URL. Search and tag
 * filter run in memory over the cached list (no request per keystroke) and live in the
 * URL, so a filtered list can be shared.
 */
import type { Flag, FlagState } from '@switchyard/server/admin-types';
import { useDeferredValue, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useEnvironments } from '../api/project-queries';
import { useAllowed } from '../auth/use-allowed';
import { Empty, ErrorState, Loading } from '../ui/states';
import { useSearchParam } from '../ui/use-search-param';
import { When } from '../ui/when';
import { ArchiveDialog } from './archive-dialog';
import { CreateFlagDialog } from './create-flag-dialog';
import { useFlagStates, useFlags } from './flag-queries';
import { ToggleDialog } from './toggle-dialog';

/** Rows drawn at first, and added per "Show more": a small DOM keeps each keystroke's redraw quick. */
const PAGE_ROWS = 100;

function matches(flag: Flag, query: string, tag: string): boolean {
  if (tag !== '' && !flag.tags.includes(tag)) return false;
  if (query === '') return true;
  return flag.key.toLowerCase().includes(query) || flag.name.toLowerCase().includes(query);
}

export function FlagListPage() {
  const { project = '', env = '' } = useParams();
  const [params, setParam] = useSearchParam();
  const q = params.get('q') ?? '';
  const tag = params.get('tag') ?? '';
  const archived = params.get('archived') === 'true';
  const query = useDeferredValue(q.trim().toLowerCase());
  const flags = useFlags(project, archived);
  const states = useFlagStates(project, env);
  const envName = useEnvironments(project).data?.find((e) => e.key === env)?.name ?? env;
  const canWrite = useAllowed('writer');
  const [creating, setCreating] = useState(false);
  const [toggling, setToggling] = useState<{ flag: Flag; on: boolean } | undefined>();
  const [archiving, setArchiving] = useState<Flag | undefined>();

  const tags = useMemo(() => [...new Set((flags.data ?? []).flatMap((f) => f.tags))].sort(), [flags.data]);
  const shown = useMemo(
    () => (flags.data ?? []).filter((f) => matches(f, query, tag)),
    [flags.data, query, tag],
  );

  return (
    <section aria-labelledby="flags-title">
      <div className="page-head">
        <h1 id="flags-title">Flags</h1>
        {canWrite && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            Create flag
          </button>
        )}
      </div>
      <search className="toolbar">
        <label>
          <span>Search flags</span>
          <input
            type="search"
            value={q}
            onChange={(e) => setParam('q', e.target.value)}
            placeholder="Key or name"
          />
        </label>
        <label>
          <span>Show</span>
          <select value={archived ? 'true' : ''} onChange={(e) => setParam('archived', e.target.value)}>
            <option value="">Active flags</option>
            <option value="true">Archived flags</option>
          </select>
        </label>
        <label>
          <span>Tag</span>
          <select value={tag} onChange={(e) => setParam('tag', e.target.value)}>
            <option value="">All tags</option>
            {tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
      </search>
      {flags.isPending ? (
        <Loading label="Loading flags…" />
      ) : flags.isError ? (
        <ErrorState error={flags.error} retry={() => flags.refetch()} />
      ) : flags.data.length === 0 && archived ? (
        <Empty>No archived flags in this project.</Empty>
      ) : flags.data.length === 0 ? (
        <Empty>
          <p>This project has no flags yet.</p>
          {canWrite && (
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              Create the first flag
            </button>
          )}
        </Empty>
      ) : shown.length === 0 ? (
        <Empty>No flag matches {q === '' ? `tag “${tag}”` : `“${q}”`}.</Empty>
      ) : (
        <FlagTable
          flags={shown}
          states={states.data}
          statesError={states.isError ? states.error : undefined}
          envName={envName}
          archived={archived}
          canWrite={canWrite}
          onToggle={(flag, on) => setToggling({ flag, on })}
          onArchive={setArchiving}
        />
      )}
      {creating && (
        <CreateFlagDialog
          project={project}
          onClose={() => setCreating(false)}
          onCreated={() => setCreating(false)}
        />
      )}
      {archiving && (
        <ArchiveDialog
          project={project}
          flag={archiving}
          archive={!archiving.archived}
          onClose={() => setArchiving(undefined)}
        />
      )}
      {toggling && (
        <ToggleDialog
          project={project}
          env={env}
          envName={envName}
          flag={toggling.flag}
          on={toggling.on}
          onClose={() => setToggling(undefined)}
        />
      )}
    </section>
  );
}

interface FlagTableProps {
  readonly flags: readonly Flag[];
  readonly states: ReadonlyMap<string, FlagState> | undefined;
  readonly statesError: unknown;
  readonly envName: string;
  readonly archived: boolean;
  /** Off for a reader: the on/off shows as text, and there is nothing to archive. */
  readonly canWrite: boolean;
  readonly onToggle: (flag: Flag, on: boolean) => void;
  readonly onArchive: (flag: Flag) => void;
}

function FlagTable(props: FlagTableProps) {
  const { flags, states, statesError, envName, archived, canWrite, onToggle, onArchive } = props;
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
        <thead>
          <tr>
            <th scope="col">Flag</th>
            <th scope="col">Tags</th>
            <th scope="col">Lifetime</th>
            <th scope="col">Created</th>
            <th scope="col">Last changed</th>
            <th scope="col">{envName}</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {flags.slice(0, rows).map((flag) => {
            const state = states?.get(flag.key);
            return (
              <tr key={flag.key}>
                <th scope="row">
                  <Link className="flag-name" to={encodeURIComponent(flag.key)}>
                    {flag.name}
                  </Link>
                  <code className="flag-key">{flag.key}</code>
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
                <td data-label={envName}>
                  {archived ? (
                    'Archived'
                  ) : !canWrite ? (
                    <span className={state?.on ? 'state-on' : 'state-off'}>
                      {state === undefined ? '…' : state.on ? 'On' : 'Off'}
                    </span>
                  ) : (
                    <button
                      type="button"
                      role="switch"
                      className="switch"
                      aria-checked={state?.on ?? false}
                      aria-label={`${flag.key} in ${envName}`}
                      disabled={state === undefined}
                      onClick={() => onToggle(flag, !(state?.on ?? false))}
                    >
                      <span aria-hidden="true">{state === undefined ? '…' : state.on ? 'On' : 'Off'}</span>
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
