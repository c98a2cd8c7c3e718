/**
 * Adds a person: email, name, role, optionally one project they are limited to, and a first
 * password to hand them (they change it once signed in).
 */
import type { NewUserBody } from '@switchyard/server/admin-types';
import type { FormEvent } from 'react';
import { NewPasswordField } from '../auth/new-password-field';
import { DialogActions } from '../ui/dialog-actions';
import { Modal } from '../ui/modal';
import { RoleFields, roleFromForm } from './role-fields';
import { useCreateUser } from './user-queries';

export function CreateUserDialog({ onClose }: { readonly onClose: () => void }) {
  const create = useCreateUser();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const value = (name: string) => String(data.get(name) ?? '');
    const body: NewUserBody = {
      email: value('email').trim(),
      name: value('name').trim(),
      ...roleFromForm(data),
      password: value('password'),
    };
    create.mutate(body, { onSuccess: onClose });
  }

  return (
    <Modal title="Add a user" onClose={onClose}>
      <form className="stack" onSubmit={submit}>
        <label>
          Name
          <input name="name" required maxLength={256} autoComplete="off" />
        </label>
        <label>
          Email
          <input name="email" type="email" required maxLength={320} autoComplete="off" />
        </label>
        <RoleFields initial={{ role: 'reader', projectKey: null }} />
        <NewPasswordField
          label="First password"
          name="password"
          help="Hand it over safely; they can change it."
        />
        <DialogActions
          error={create.isError ? create.error : undefined}
          onCancel={onClose}
          label="Add user"
          busyLabel="Adding…"
          busy={create.isPending}
        />
      </form>
    </Modal>
  );
}
