/**
 * The contexts that evaluated this flag recently in the environment. Only exact
 * attributions are kept (docs/adr/0021): feature events and single-context payloads,
 * not a server-side SDK's summaries, so the list says what it is made from.
 */
import { ErrorState, Loading } from '../ui/states';
import { When } from '../ui/when';
import { useFlagContexts } from './insight-queries';

export function FlagContexts({
  project,
  env,
  envName,
  flag,
}: {
  readonly project: string;
  readonly env: string;
  readonly envName: string;
  readonly flag: string;
}) {
  const found = useFlagContexts(project, env, flag);
  const title = `Contexts that evaluated ${flag} recently in ${envName}`;
  return (
    <>
      <h3>{title}</h3>
      {found.isPending ? (
        <Loading label="Loading contexts…" />
      ) : found.isError ? (
        <ErrorState error={found.error} retry={() => found.refetch()} />
      ) : (
        <>
          <p className="help">
            From {found.data.attribution}. Evaluations a server-side SDK only summed up name no context, so
            they are not listed here.
          </p>
          {found.data.contexts.length === 0 ? (
            <p className="help">
              No context evaluated this flag here in the last 30 days, as far as events say.
            </p>
          ) : (
            <table className="insight-totals" aria-label={title}>
              <thead>
                <tr>
                  <th scope="col">Kind</th>
                  <th scope="col">Key</th>
                  <th scope="col">Last seen</th>
                </tr>
              </thead>
              <tbody>
                {found.data.contexts.map((c) => (
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
      )}
    </>
  );
}
