/**
 * One flag: its definition, archive or restore, and its targeting in the environment of
 * the URL (the editor loads lazily with the engine it previews with), and what SDKs
 * reported about it.
 */
import { lazy, Suspense, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useEnvironments } from '../api/project-queries';
import { useAllowed } from '../auth/use-allowed';
import { AuditLog } from '../history/audit-log';
import { FlagInsights } from '../insights/flag-insights';
import { ErrorState, Loading } from '../ui/states';
import { ArchiveDialog } from './archive-dialog';
import { useFlag } from './flag-queries';

const TargetingEditor = lazy(async () => ({
  default: (await import('../targeting/targeting-editor')).TargetingEditor,
}));

export function FlagPage() {
  const { project = '', env = '', flag: key = '' } = useParams();
  const found = useFlag(project, key);
  const envName = useEnvironments(project).data?.find((e) => e.key === env)?.name ?? env;
  const [archiving, setArchiving] = useState(false);
  const canWrite = useAllowed('writer');

  if (found.isPending) return <Loading label="Loading flag…" />;
  if (found.isError) return <ErrorState error={found.error} retry={() => found.refetch()} />;
  const { flag } = found.data;
  const config = found.data.environments[env];
  return (
    <article aria-labelledby="flag-title">
      <p className="crumbs">
        <Link to=".." relative="path">
          Flags
        </Link>{' '}
        /
      </p>
      <div className="page-head">
        <div>
          <h1 id="flag-title">{flag.name}</h1>
          <code className="flag-key">{flag.key}</code>
          {flag.archived && <span className="badge">Archived</span>}
          {flag.tags.map((t) => (
            <span key={t} className="tag">
              {t}
            </span>
          ))}
          {flag.description !== '' && <p className="help">{flag.description}</p>}
        </div>
        {canWrite && (
          <button
            type="button"
            className={flag.archived ? 'primary' : 'danger-outline'}
            onClick={() => setArchiving(true)}
          >
            {flag.archived ? 'Restore flag' : 'Archive flag'}
          </button>
        )}
      </div>
      {flag.archived ? (
        <p className="state empty">
          This flag is archived: SDKs do not receive it. Restore it to edit its targeting.
        </p>
      ) : config === undefined ? (
        <ErrorState error={new Error(`The flag has no configuration in “${envName}”.`)} />
      ) : (
        <Suspense fallback={<Loading label="Loading the targeting editor…" />}>
          <TargetingEditor
            key={env}
            project={project}
            env={env}
            envName={envName}
            flag={flag}
            config={config}
          />
        </Suspense>
      )}
      <FlagInsights project={project} env={env} envName={envName} flag={flag} />
      <section className="card" aria-labelledby="flag-history-title">
        <h2 id="flag-history-title">History</h2>
        <AuditLog scope={{ project, flag: flag.key }} label="Changes to this flag" />
      </section>
      {archiving && (
        <ArchiveDialog
          project={project}
          flag={flag}
          archive={!flag.archived}
          onClose={() => setArchiving(false)}
        />
      )}
    </article>
  );
}
