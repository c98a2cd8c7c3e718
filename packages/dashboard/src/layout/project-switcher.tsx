/**
 * The header's project switcher, grouped by the account each project belongs to (the
 * platform's own project apart, last). Account names come from the API for an admin for
 * every project; anyone else sees the account keys. An admin also gets "New project…".
 */
import type { Project } from '@switchyard/server/admin-types';
import { useNavigate } from 'react-router';
import { useAccounts, useProjects } from '../api/project-queries';
import { useCanCreateProjects } from '../auth/use-allowed';

const NEW_PROJECT = '/new-project';
const PLATFORM = 'Switchyard platform';

interface Group {
  readonly label: string;
  readonly projects: Project[];
}

function groupByAccount(projects: readonly Project[], names: ReadonlyMap<string, string>): Group[] {
  const groups = new Map<string, Group>();
  for (const p of projects) {
    const label = p.system ? PLATFORM : (names.get(p.accountKey) ?? p.accountKey);
    const group = groups.get(label) ?? { label, projects: [] };
    group.projects.push(p);
    groups.set(label, group);
  }
  return [...groups.values()].sort(
    (a, b) => Number(a.label === PLATFORM) - Number(b.label === PLATFORM) || a.label.localeCompare(b.label),
  );
}

export function ProjectSwitcher({ project }: { readonly project: string }) {
  const navigate = useNavigate();
  const canCreate = useCanCreateProjects();
  const projects = useProjects();
  const accounts = useAccounts(canCreate);
  const names = new Map((accounts.data ?? []).map((a) => [a.key, a.name]));
  const groups = projects.data ? groupByAccount(projects.data, names) : undefined;

  return (
    <label>
      <span>Project</span>
      <select
        value={project}
        onChange={(e) =>
          navigate(
            e.target.value === NEW_PROJECT ? NEW_PROJECT : `/projects/${encodeURIComponent(e.target.value)}`,
          )
        }
        disabled={!groups}
      >
        {groups === undefined ? (
          <option value={project}>{project}</option>
        ) : (
          groups.map((g) => (
            <optgroup key={g.label} label={g.label}>
              {g.projects.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.name}
                </option>
              ))}
            </optgroup>
          ))
        )}
        {canCreate && <option value={NEW_PROJECT}>New project…</option>}
      </select>
    </label>
  );
}
