/** A signed-in person sets a new password; their other sessions end, this one goes on. */
import { type FormEvent, useState } from 'react';
import { DialogActions } from '../ui/dialog-actions';
import { Modal } from '../ui/modal';
import { errorMessage } from '../ui/states';
import { NewPasswordField } from './new-password-field';
import { useChangePassword } from './session-queries';

export function ChangePasswordDialog({ onClose }: { readonly onClose: () => void }) {
  const change = useChangePassword();
  const [problem, setProblem] = useState<string | undefined>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const value = (name: string) => String(data.get(name) ?? '');
    if (value('next') !== value('repeat')) return setProblem('The two new passwords differ.');
    setProblem(undefined);
    change.mutate({ current: value('current'), next: value('next') });
  }

  const error = problem ?? (change.isError ? errorMessage(change.error) : undefined);
  return (
    <Modal title="Change your password" onClose={onClose}>
      {change.isSuccess ? (
        <>
          <p className="notice" role="status">
            Your password is changed. Your sessions elsewhere have ended.
          </p>
          <div className="actions">
            <button type="button" className="primary" onClick={onClose}>
              Done
            </button>
          </div>
        </>
      ) : (
        <form className="stack" onSubmit={submit} noValidate>
          <label>
            Current password
            <input name="current" type="password" autoComplete="current-password" required />
          </label>
          <NewPasswordField label="New password" name="next" />
          <label>
            Repeat the new password
            <input name="repeat" type="password" autoComplete="new-password" required />
          </label>
          <DialogActions
            error={error}
            onCancel={onClose}
            label="Change password"
            busyLabel="Saving…"
            busy={change.isPending}
          />
        </form>
      )}
    </Modal>
  );
}
