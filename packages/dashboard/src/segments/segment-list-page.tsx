/** The segments of one environment, with their sizes and the flags that use each. */
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useEnvironments } from '../api/project-queries';
import { useAllowed } from '../auth/use-allowed';
import { useSdkData } from '../flags/flag-queries';
import { ColumnHeads } from '../ui/column-heads';
import { Empty, ErrorState, Loading } from '../ui/states';
import { CreateSegmentDialog } from './create-segment-dialog';
import { flagsUsingSegment } from './flags-using-segment';
import { useSegments } from './segment-queries';

export function SegmentListPage() {
  const { project = '', env = '' } = useParams();
  const navigate = useNavigate();
  const segments = useSegments(project, env);
  const sdkData = useSdkData(project, env);
  const envName = useEnvironments(project).data?.find((e) => e.key === env)?.name ?? env;
  const [creating, setCreating] = useState(false);
  const canWrite = useAllowed('writer');

  return (
    <section aria-labelledby="segments-title">
      <div className="page-head">
        <h1 id="segments-title">Segments in {envName}</h1>
        {canWrite && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            Create segment
          </button>
        )}
      </div>
      {segments.isPending ? (
        <Loading label="Loading segments…" />
      ) : segments.isError ? (
        <ErrorState error={segments.error} retry={() => segments.refetch()} />
      ) : segments.data.length === 0 ? (
        <Empty>
          <p>
            No segments in {envName} yet. A segment is a reusable list of contexts and rules that flags
            target.
          </p>
        </Empty>
      ) : (
        <table className="flags">
          <ColumnHeads names={['Segment', 'Included', 'Excluded', 'Rules', 'Used by']} />
          <tbody>
            {segments.data.map((s) => {
              const users = flagsUsingSegment(sdkData.data, s.key);
              return (
                <tr key={s.key}>
                  <th scope="row">
                    <Link className="flag-name" to={encodeURIComponent(s.key)}>
                      {s.name || s.key}
                    </Link>
                    <code className="flag-key">{s.key}</code>
                  </th>
                  <td data-label="Included">{s.included.length.toLocaleString('en')}</td>
                  <td data-label="Excluded">{s.excluded.length.toLocaleString('en')}</td>
                  <td data-label="Rules">{s.rules.length}</td>
                  <td data-label="Used by">
                    {sdkData.data === undefined
                      ? '…'
                      : users.length === 0
                        ? 'No flag'
                        : `${users.length} ${users.length === 1 ? 'flag' : 'flags'}`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {creating && (
        <CreateSegmentDialog
          project={project}
          env={env}
          envName={envName}
          onClose={() => setCreating(false)}
          onCreated={(key) => navigate(encodeURIComponent(key))}
        />
      )}
    </section>
  );
}
