/**
 * The operators' console: every account's traffic and what is engaged, the one action
 * (cut off, lift) for admins, and the cluster's health.
 */
import { AccountsOverview } from './accounts-overview';
import { OpsFrame } from './ops-frame';
import { PlatformHealth } from './platform-health';

export function OpsPage() {
  return (
    <OpsFrame>
      {(act) => (
        <>
          <AccountsOverview act={act} />
          <PlatformHealth />
        </>
      )}
    </OpsFrame>
  );
}
