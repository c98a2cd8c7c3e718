/**
 * How every SDK surface (streaming, polling, client-side and mobile, OFREP, events) finds the
 * environment for a credential: from memory when this node knows it, and when it does not, only
 * after the store has confirmed (EnvironmentSnapshots.confirmMiss), so a key just created on
 * another node is found and a database outage answers 503 (retried by SDKs), never 401.
 */
import type { EnvironmentData } from '../../delivery/environment-snapshots.js';

export interface CredentialDeps {
  /** Resolves once a second lookup can be trusted; throws STORE_UNAVAILABLE when the store cannot say. */
  readonly confirmMiss: () => Promise<void>;
}

/** The environment at once on a hit; a promise on a miss (undefined: no such credential). */
export function lookUp(
  find: (credential: string) => EnvironmentData | undefined,
  deps: CredentialDeps,
  credential: string | undefined,
): EnvironmentData | undefined | Promise<EnvironmentData | undefined> {
  if (credential === undefined || credential === '') return undefined;
  const data = find(credential);
  if (data !== undefined) return data;
  return deps.confirmMiss().then(() => find(credential));
}
