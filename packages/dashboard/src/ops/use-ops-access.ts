/**
 * The console spans every account, so the API serves it only to principals for every
 * project: anyone of those may look, an admin of those may act.
 */
import { useMe } from '../auth/session-queries';

export function useOpsAccess(): { readonly look: boolean; readonly act: boolean } {
  const me = useMe().data;
  const look = me !== undefined && me.projectKey === null;
  return { look, act: look && me?.role === 'admin' };
}
