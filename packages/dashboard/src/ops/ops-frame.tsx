/**
 * The frame of the operators' console pages: it spans all projects, so it has its own top
 * bar instead of a project's and environment's, and it shows its content only to those
 * with a role for every project (who may look; admins may act).
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useMe } from '../auth/session-queries';
import { AppBar } from '../layout/app-bar';
import { Empty, Loading } from '../ui/states';
import { useOpsAccess } from './use-ops-access';

export function OpsFrame({ children }: { readonly children: (act: boolean) => ReactNode }) {
  const me = useMe();
  const access = useOpsAccess();
  return (
    <div className="shell">
      <AppBar>
        <Link className="ops-title" to="/ops/accounts">
          Operations
        </Link>
      </AppBar>
      <main className="page">
        {me.isPending ? (
          <Loading label="Loading…" />
        ) : !access.look ? (
          <Empty>The operators’ console covers every account: it needs a role for every project.</Empty>
        ) : (
          children(access.act)
        )}
      </main>
    </div>
  );
}
