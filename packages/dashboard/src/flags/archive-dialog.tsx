/** Confirms archiving a flag (SDKs stop receiving it everywhere) or restoring it. */
import type { Flag } from '@switchyard/server/admin-types';
import { Modal } from '../ui/modal';
import { errorMessage } from '../ui/states';
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
      {change.isError && (
        <p className="field-error" role="alert">
          {errorMessage(change.error)}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className={archive ? 'danger' : 'primary'}
          disabled={change.isPending}
          onClick={() =>
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
        >
          {change.isPending ? 'Saving…' : `${verb} flag`}
        </button>
      </div>
    </Modal>
  );
}
