/**
 * The role and project-scope fields, shared by adding a user and changing one's role, so both
 * offer the same choices with the same words. Read back with `roleFromForm`.
 */
import type { Role } from '@switchyard/server/admin-types';
import { useId } from 'react';
import { useProjects } from '../api/project-queries';

const ROLES: readonly { readonly role: Role; readonly says: string }[] = [
  { role: 'reader', says: 'Reader: sees everything, changes nothing' },
  { role: 'writer', says: 'Writer: changes flags, segments and keys' },
  { role: 'admin', says: 'Admin: also manages people, tokens and projects' },
];

export interface RoleChoice {
  readonly role: Role;
  readonly projectKey: string | null;
}

export function RoleFields({ initial }: { readonly initial: RoleChoice }) {
  const id = useId();
  const projects = (useProjects().data ?? []).filter((p) => !p.system);
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-role`}>Role</label>
        <select id={`${id}-role`} name="role" defaultValue={initial.role}>
          {ROLES.map((r) => (
            <option key={r.role} value={r.role}>
              {r.says}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-project`}>Projects</label>
        <select id={`${id}-project`} name="project" defaultValue={initial.projectKey ?? ''}>
          <option value="">Every project</option>
          {projects.map((p) => (
            <option key={p.key} value={p.key}>
              Only {p.name}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}

/** What `RoleFields` holds in a submitted form. */
export function roleFromForm(data: FormData): RoleChoice {
  const project = String(data.get('project') ?? '');
  return { role: String(data.get('role')) as Role, projectKey: project === '' ? null : project };
}
