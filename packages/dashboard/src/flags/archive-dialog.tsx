/** Confirms archiving a flag (SDKs stop receiving it everywhere) or restoring it. */
import type { Flag } from '@switchyard/server/admin-types';
import { DialogActions } from '../ui/dialog-actions';
import { Modal } from '../ui/modal';
import { useArchiveFlag } from './flag-queries';

export interface ArchiveDialogProps {
  readonly project: string;
  readonly flag: Flag;
  /** True to archive, false to restore. */
  readonly archive: boolean;
  readonly onClose: () => void;
  readonly onDone?: () => void;
}

export function ArchiveDialog({ project, flag, archive, onClose, onDone }: ArchiveDialogProps) {
  const change = useArchiveFlag(project);
  const verb = archive ? 'Archive' : 'Restore';
  return (
    <Modal title={`${verb} “${flag.name}”?`} onClose={onClose}>
      <p>
        {archive
          ? 'SDKs in every environment stop receiving this flag and serve the fallback value in their code. Its targeting is kept, so it can be restored.'
          : 'SDKs in every environment receive this flag again, with the targeting it had when it was archived.'}
      </p>
      <DialogActions
        error={change.isError ? change.error : undefined}
        onCancel={onClose}
        label={`${verb} flag`}
        busyLabel="Saving…"
        busy={change.isPending}
        tone={archive ? 'danger' : 'primary'}
        onAction={() =>
          change.mutate(
            { flag, archived: archive },
            {
              onSuccess: () => {
                onClose();
                onDone?.();
              },
            },
          )
        }
      />
    </Modal>
  );
}
