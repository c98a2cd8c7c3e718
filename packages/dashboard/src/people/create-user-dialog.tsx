/**
 * Adds a person: email, name, role, optionally one project they are limited to, and a first
 * password to hand them (they change it once signed in).
 */
import type { NewUserBody, Role } from '@switchyard/server/admin-types';
import { type FormEvent, useId } from 'react';
import { useProjects } from '../api/project-queries';
import { NewPasswordField } from '../auth/new-password-field';
import { DialogActions } from '../ui/dialog-actions';
import { Modal } from '../ui/modal';
import { useCreateUser } from './user-queries';

const ROLES: readonly { readonly role: Role; readonly says: string }[] = [
  { role: 'reader', says: 'Reader: sees everything, changes nothing' },
  { role: 'writer', says: 'Writer: changes flags, segments and keys' },
  { role: 'admin', says: 'Admin: also manages people, tokens and projects' },
];

export function CreateUserDialog({ onClose }: { readonly onClose: () => void }) {
  const create = useCreateUser();
  const id = useId();
  const projects = (useProjects().data ?? []).filter((p) => !p.system);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const value = (name: string) => String(data.get(name) ?? '');
    const body: NewUserBody = {
      email: value('email').trim(),
      name: value('name').trim(),
      role: value('role') as Role,
      projectKey: value('project') === '' ? null : value('project'),
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
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select id={`${id}-role`} name="role" defaultValue="reader">
            {ROLES.map((r) => (
              <option key={r.role} value={r.role}>
                {r.says}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-project`}>Projects</label>
          <select id={`${id}-project`} name="project" defaultValue="">
            <option value="">Every project</option>
            {projects.map((p) => (
              <option key={p.key} value={p.key}>
                Only {p.name}
              </option>
            ))}
          </select>
        </div>
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
