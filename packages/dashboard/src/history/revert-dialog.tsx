/**
 * Confirms restoring a flag's targeting in one environment to how an audit entry left it:
 * shows what would change from the current targeting, takes a comment, and writes it as
 * a new change with its own audit entry (against the version shown, so a race is a 409).
 */
import type { AuditEntry, FlagConfig } from '@switchyard/server/admin-types';
import { useState } from 'react';
import { useFlag } from '../flags/flag-queries';
import { ChangeDiff } from '../targeting/change-diff';
import { DialogActions } from '../ui/dialog-actions';
import { Modal } from '../ui/modal';
import { ErrorState, Loading } from '../ui/states';
import { useRevert } from './audit-queries';

/** The targeting as people compare it: without the salt and version the server manages. */
function comparable(config: unknown) {
  const { salt: _salt, version: _version, ...rest } = config as FlagConfig;
  return rest;
}

export interface RevertDialogProps {
  readonly project: string;
  readonly entry: AuditEntry;
  readonly onClose: () => void;
}

export function RevertDialog({ project, entry, onClose }: RevertDialogProps) {
  const env = entry.environmentKey ?? '';
  const flag = useFlag(project, entry.resourceKey);
  const revert = useRevert(project);
  const [comment, setComment] = useState(`Revert to change ${entry.id}`);
  const current = flag.data?.environments[env];
  return (
    <Modal title={`Revert “${entry.resourceKey}” in ${env} to change ${entry.id}?`} onClose={onClose}>
      {flag.isPending ? (
        <Loading label="Loading the current targeting…" />
      ) : flag.isError || current === undefined ? (
        <ErrorState error={flag.error ?? new Error(`The flag has no targeting in “${env}” any more.`)} />
      ) : (
        <>
          <p>
            The targeting in {env} becomes what it was after change {entry.id}, as a new change (version{' '}
            {current.version} now). What changes:
          </p>
          <ChangeDiff
            label="What the revert changes"
            before={comparable(current)}
            after={comparable(entry.after)}
          />
          <label className="stack comment">
            <span>Comment for the audit log</span>
            <input value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} />
          </label>
          <DialogActions
            label={`Revert in ${env}`}
            busyLabel="Reverting…"
            busy={revert.isPending}
            error={revert.isError ? revert.error : undefined}
            onCancel={onClose}
            onAction={() =>
              revert.mutate({ entry, version: current.version, comment }, { onSuccess: onClose })
            }
          />
        </>
      )}
    </Modal>
  );
}
