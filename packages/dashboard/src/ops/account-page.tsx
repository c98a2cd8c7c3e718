/**
 * One account for the operators: its events over time, usage and limits (editable by
 * admins), the overrides in force with the actions that set and lift them, and its
 * history of cut-offs, overrides and limit changes.
 */
import { Link, useParams } from 'react-router';
import { Empty, ErrorState, Loading } from '../ui/states';
import { AccountHistory } from './account-history';
import { AccountLimits } from './account-limits';
import { AccountOverrides } from './account-overrides';
import { AccountSeries } from './account-series';
import { OpsFrame } from './ops-frame';
import { useAccountsOverview } from './ops-queries';

function AccountView({ accountKey, act }: { readonly accountKey: string; readonly act: boolean }) {
  const overview = useAccountsOverview('key');
  const account = overview.data?.items.find((item) => item.key === accountKey);
  if (overview.isPending) return <Loading label="Loading the account…" />;
  if (overview.isError && !overview.data) return <ErrorState error={overview.error} />;
  if (!account) return <Empty>No account “{accountKey}”.</Empty>;
  return (
    <div className="account-page">
      <p className="crumbs">
        <Link to="/ops/accounts">Accounts</Link> /
      </p>
      <div className="page-head">
        <h1>{account.name}</h1>
        <p className="count">
          {account.key} · {account.plan} ·{' '}
          {account.killSwitch.engaged ? <strong>cut off</strong> : 'publishing'} ·{' '}
          {Math.round(account.rate.accepted).toLocaleString('en')}/s accepted now
        </p>
      </div>
      <AccountSeries account={account.key} />
      <AccountLimits account={account} act={act} />
      <AccountOverrides account={account} act={act} />
      <AccountHistory account={account.key} />
    </div>
  );
}

export function AccountPage() {
  const { account = '' } = useParams();
  return <OpsFrame>{(act) => <AccountView accountKey={account} act={act} />}</OpsFrame>;
}
