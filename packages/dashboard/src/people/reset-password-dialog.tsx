/** An admin sets a new password for someone; their sessions end at once. */
import type { User } from '@switchyard/server/admin-types';
import type { FormEvent } from 'react';
import { NewPasswordField } from '../auth/new-password-field';
import { DialogActions } from '../ui/dialog-actions';
import { Modal } from '../ui/modal';
import { useResetPassword } from './user-queries';

export function ResetPasswordDialog({
  user,
  onClose,
}: {
  readonly user: User;
  readonly onClose: () => void;
}) {
  const reset = useResetPassword();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('password') ?? '');
    reset.mutate({ id: user.id, password }, { onSuccess: onClose });
  }

  return (
    <Modal title={`Reset the password of ${user.name}`} onClose={onClose}>
      <form className="stack" onSubmit={submit}>
        <p>{user.name} is signed out everywhere and signs in with the new password.</p>
        <NewPasswordField label="New password" name="password" />
        <DialogActions
          error={reset.isError ? reset.error : undefined}
          onCancel={onClose}
          label="Set new password"
          busyLabel="Saving…"
          busy={reset.isPending}
        />
      </form>
    </Modal>
  );
}
