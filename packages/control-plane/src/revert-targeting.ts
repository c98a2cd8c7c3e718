/**
 * Restoring a flag's targeting in one environment to the state an audit entry recorded
 * (its `before` or its `after`): a new write, validated like any other and audited on
 * its own, never a rewrite of history.
 */
import type { AuditEntry, FlagConfig } from './domain.js';
import { ControlPlaneError } from './errors.js';
import type { TargetingInput } from './flag-targeting.js';

export interface RevertRef {
  readonly projectKey: string;
  readonly key: string;
  readonly envKey: string;
  readonly auditId: number;
  /** Which state of the entry to restore. */
  readonly to: 'before' | 'after';
}

function notRevertible(message: string): ControlPlaneError {
  return new ControlPlaneError('NOT_REVERTIBLE', message);
}

/** The targeting `entry` recorded for the flag and environment of `ref`; NOT_REVERTIBLE otherwise. */
export function targetingFromAudit(entry: AuditEntry | undefined, ref: RevertRef): TargetingInput {
  const where = `flag "${ref.projectKey}/${ref.key}" in "${ref.envKey}"`;
  if (!entry) throw notRevertible(`Audit entry ${ref.auditId} does not exist`);
  const matches =
    entry.resourceKind === 'flag' &&
    entry.projectKey === ref.projectKey &&
    entry.resourceKey === ref.key &&
    entry.environmentKey === ref.envKey;
  if (!matches)
    throw notRevertible(`Audit entry ${ref.auditId} is not a change of the targeting of ${where}`);
  const state = entry[ref.to];
  if (typeof state !== 'object' || state === null || Array.isArray(state) || !('fallthrough' in state)) {
    throw notRevertible(
      `Audit entry ${ref.auditId} holds no targeting ${ref.to} its change; try the other side`,
    );
  }
  // The salt stays the current one (bucketing must not move) and the version is the server's.
  const { version: _version, salt: _salt, ...input } = state as unknown as FlagConfig;
  return input;
}
