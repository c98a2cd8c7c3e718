/**
 * The contexts the environment's SDKs reported most recently. The insights keep when each
 * context was last seen per environment, not per flag, so the list says so.
 */
import { ErrorState, Loading } from '../ui/states';
import { When } from '../ui/when';
import { useRecentContexts } from './insight-queries';

export function RecentContexts({
  project,
  env,
  envName,
}: {
  readonly project: string;
  readonly env: string;
  readonly envName: string;
}) {
  const contexts = useRecentContexts(project, env);
  return (
    <>
      <h3>Contexts seen recently in {envName}</h3>
      {contexts.isPending ? (
        <Loading label="Loading contexts…" />
      ) : contexts.isError ? (
        <ErrorState error={contexts.error} retry={() => contexts.refetch()} />
      ) : contexts.data.length === 0 ? (
        <p className="help">No SDK has reported a context here in the last 30 days.</p>
      ) : (
        <table className="insight-totals" aria-label={`Contexts seen recently in ${envName}`}>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Key</th>
              <th scope="col">Last seen</th>
            </tr>
          </thead>
          <tbody>
            {contexts.data.map((c) => (
              <tr key={`${c.kind}\u0000${c.key}`}>
                <td>{c.kind}</td>
                <th scope="row">
                  <code>{c.key}</code>
                </th>
                <td>
                  <When iso={c.lastSeen} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
