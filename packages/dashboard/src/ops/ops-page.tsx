/**
 * The operators' console: every account's traffic and what is engaged, the one action
 * (cut off, lift) for admins, and the cluster's health. It spans all projects, so it has
 * its own frame instead of a project's and environment's.
 */
import { Link } from 'react-router';
import { useMe } from '../auth/session-queries';
import { SignedInAs } from '../layout/signed-in-as';
import { Empty, Loading } from '../ui/states';
import { AccountsOverview } from './accounts-overview';
import { PlatformHealth } from './platform-health';
import { useOpsAccess } from './use-ops-access';

export function OpsPage() {
  const me = useMe();
  const access = useOpsAccess();
  return (
    <div className="shell">
      <header className="top-bar">
        <Link className="brand" to="/">
          Switchyard
        </Link>
        <span className="ops-title">Operations</span>
        <SignedInAs />
      </header>
      <main className="page">
        {me.isPending ? (
          <Loading label="Loading…" />
        ) : !access.look ? (
          <Empty>The operators’ console covers every account: it needs a role for every project.</Empty>
        ) : (
          <>
            <AccountsOverview act={access.act} />
            <PlatformHealth />
          </>
        )}
      </main>
    </div>
  );
}
