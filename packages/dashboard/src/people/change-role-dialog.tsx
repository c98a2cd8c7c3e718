/**
 * Changes a person's role and project scope. The API refuses (LAST_ADMIN) to take away the last
 * active admin for every project; the dialog shows that refusal in the API's words.
 */
import type { User } from '@switchyard/server/admin-types';
import type { FormEvent } from 'react';
import { DialogActions } from '../ui/dialog-actions';
import { Modal } from '../ui/modal';
import { RoleFields, roleFromForm } from './role-fields';
import { useChangeUser } from './user-queries';

export function ChangeRoleDialog({ user, onClose }: { readonly user: User; readonly onClose: () => void }) {
  const change = useChangeUser();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = roleFromForm(new FormData(event.currentTarget));
    change.mutate({ id: user.id, body }, { onSuccess: onClose });
  }

  return (
    <Modal title={`Change the role of ${user.name}`} onClose={onClose}>
      <form className="stack" onSubmit={submit}>
        <p>The change applies to {user.name}'s next request; their sessions stay open.</p>
        <RoleFields initial={user} />
        <DialogActions
          error={change.isError ? change.error : undefined}
          onCancel={onClose}
          label="Change role"
          busyLabel="Saving…"
          busy={change.isPending}
        />
      </form>
    </Modal>
  );
}
