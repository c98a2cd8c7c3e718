/**
 * Every account at a glance, refreshed every 2 s and sorted by accepted rate by default, so
 * the noisy customer is the top row; admins cut it off or lift a cut-off from its row.
 */
import { useState } from 'react';
import { Empty, ErrorState, Loading } from '../ui/states';
import { useSearchParam } from '../ui/use-search-param';
import { type AccountOverview, AccountRow } from './account-row';
import { type OverviewSort, useAccountsOverview, useLift } from './ops-queries';
import { OverrideDialog } from './override-dialog';

const SORTS: readonly (readonly [OverviewSort, string])[] = [
  ['rate', 'Accepted now'],
  ['usage', 'This month'],
  ['key', 'Account'],
];

function SortHeader({
  sort,
  current,
  label,
  onSort,
}: {
  readonly sort: OverviewSort;
  readonly current: OverviewSort;
  readonly label: string;
  readonly onSort: (sort: OverviewSort) => void;
}) {
  const active = sort === current;
  return (
    <th scope="col" aria-sort={active ? (sort === 'key' ? 'ascending' : 'descending') : undefined}>
      <button type="button" className="link" onClick={() => onSort(sort)}>
        {label}
        {active && <span aria-hidden="true"> {sort === 'key' ? '▲' : '▼'}</span>}
      </button>
    </th>
  );
}

export function AccountsOverview({ act }: { readonly act: boolean }) {
  const [params, setParam] = useSearchParam();
  const sort = SORTS.find(([s]) => s === params.get('sort'))?.[0] ?? 'rate';
  const overview = useAccountsOverview(sort);
  const lift = useLift();
  const [cutting, setCutting] = useState<AccountOverview | undefined>();
  const header = (s: OverviewSort) => (
    <SortHeader
      sort={s}
      current={sort}
      label={SORTS.find(([k]) => k === s)?.[1] ?? s}
      onSort={(next) => setParam('sort', next === 'rate' ? '' : next)}
    />
  );

  return (
    <section aria-labelledby="accounts-title">
      <div className="page-head">
        <h1 id="accounts-title">Accounts</h1>
        {overview.data && (
          <p className="count" role="status">
            {overview.data.items.length} accounts · {overview.data.nodes}{' '}
            {overview.data.nodes === 1 ? 'node' : 'nodes'} · updated{' '}
            <time dateTime={overview.data.generatedAt}>
              {new Date(overview.data.generatedAt).toLocaleTimeString()}
            </time>
          </p>
        )}
      </div>
      {lift.isError && <ErrorState error={lift.error} />}
      {overview.isPending ? (
        <Loading label="Loading accounts…" />
      ) : overview.isError && !overview.data ? (
        <ErrorState error={overview.error} retry={() => overview.refetch()} />
      ) : overview.data.items.length === 0 ? (
        <Empty>No accounts yet.</Empty>
      ) : (
        <table className="flags accounts" aria-labelledby="accounts-title">
          <thead>
            <tr>
              {header('key')}
              {header('rate')}
              {header('usage')}
              <th scope="col">Per-second limit</th>
              <th scope="col">Dropped this month</th>
              <th scope="col">Engaged</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {overview.data.items.map((account) => (
              <AccountRow
                key={account.key}
                account={account}
                lifting={lift.isPending}
                {...(act
                  ? {
                      onCutOff: () => setCutting(account),
                      onLift: (id: string) => lift.mutate({ account: account.key, id }),
                    }
                  : {})}
              />
            ))}
          </tbody>
        </table>
      )}
      {overview.isError && overview.data && (
        <p className="field-error" role="alert">
          Refreshing failed; these figures may be stale. Retrying…
        </p>
      )}
      {cutting && (
        <OverrideDialog account={cutting} kind="kill-switch" onClose={() => setCutting(undefined)} />
      )}
    </section>
  );
}
