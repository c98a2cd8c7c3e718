/**
 * The flags of a project with their on/off and last evaluation in the environment of the
 * URL. Search, tag and stale filters run in memory over the cached list and the one
 * insights summary (no request per keystroke or per flag) and live in the URL, so a
 * filtered list can be shared.
 */
import type { Flag, InsightSummaryBody } from '@switchyard/server/admin-types';
import { useDeferredValue, useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { useEnvironments } from '../api/project-queries';
import { useAllowed } from '../auth/use-allowed';
import { useInsightSummary } from '../insights/insight-queries';
import { Empty, ErrorState, Loading } from '../ui/states';
import { useSearchParam } from '../ui/use-search-param';
import { ArchiveDialog } from './archive-dialog';
import { CreateFlagDialog } from './create-flag-dialog';
import { useFlagStates, useFlags } from './flag-queries';
import { FlagTable } from './flag-table';
import { STALE_CHOICES, type StaleChoice, staleMatches } from './stale-choices';
import { ToggleDialog } from './toggle-dialog';

type Summary = InsightSummaryBody['flags'][number];

function matches(
  flag: Flag,
  query: string,
  tag: string,
  stale: StaleChoice,
  summary: Summary | undefined,
): boolean {
  if (tag !== '' && !flag.tags.includes(tag)) return false;
  if (!staleMatches(stale, summary?.stale ?? null)) return false;
  if (query === '') return true;
  return flag.key.toLowerCase().includes(query) || flag.name.toLowerCase().includes(query);
}

export function FlagListPage() {
  const { project = '', env = '' } = useParams();
  const [params, setParam] = useSearchParam();
  const q = params.get('q') ?? '';
  const tag = params.get('tag') ?? '';
  const archived = params.get('archived') === 'true';
  const stale = STALE_CHOICES.find((c) => c.value === params.get('stale'))?.value ?? '';
  const query = useDeferredValue(q.trim().toLowerCase());
  const flags = useFlags(project, archived);
  const states = useFlagStates(project, env);
  const summary = useInsightSummary(project, env);
  const envName = useEnvironments(project).data?.find((e) => e.key === env)?.name ?? env;
  const canWrite = useAllowed('writer');
  const [creating, setCreating] = useState(false);
  const [toggling, setToggling] = useState<{ flag: Flag; on: boolean } | undefined>();
  const [archiving, setArchiving] = useState<Flag | undefined>();

  const tags = useMemo(() => [...new Set((flags.data ?? []).flatMap((f) => f.tags))].sort(), [flags.data]);
  const shown = useMemo(
    () => (flags.data ?? []).filter((f) => matches(f, query, tag, stale, summary.data?.get(f.key))),
    [flags.data, query, tag, stale, summary.data],
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
        {!archived && (
          <label>
            <span>Stale</span>
            <select value={stale} onChange={(e) => setParam('stale', e.target.value)}>
              {STALE_CHOICES.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
        )}
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
        <Empty>
          {stale !== '' && q === '' && tag === ''
            ? summary.isPending
              ? 'Loading the last 30 days of evaluations…'
              : 'No flag looks stale over the last 30 days.'
            : `No flag matches ${q === '' ? (tag === '' ? 'the stale filter' : `tag “${tag}”`) : `“${q}”`}.`}
        </Empty>
      ) : (
        <FlagTable
          flags={shown}
          states={states.data}
          summary={summary.data}
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
