/** Confirms disabling a person: they cannot sign in, and the sessions they have open end. */
import type { User } from '@switchyard/server/admin-types';
import { DialogActions } from '../ui/dialog-actions';
import { Modal } from '../ui/modal';
import { useChangeUser } from './user-queries';

export function DisableUserDialog({ user, onClose }: { readonly user: User; readonly onClose: () => void }) {
  const change = useChangeUser();
  return (
    <Modal title={`Disable ${user.name}?`} onClose={onClose}>
      <p>
        {user.name} ({user.email}) can no longer sign in, and the pages they have open go back to sign-in on
        their next request. You can enable them again.
      </p>
      <DialogActions
        error={change.isError ? change.error : undefined}
        onCancel={onClose}
        label="Disable user"
        busyLabel="Disabling…"
        busy={change.isPending}
        tone="danger"
        onAction={() => change.mutate({ id: user.id, body: { disabled: true } }, { onSuccess: onClose })}
      />
    </Modal>
  );
}
