/**
 * Whether the person or token signed in may do what needs `role` in the project of the URL:
 * the API's own rules (auth.ts on the server), so the dashboard hides or disables what would
 * be refused. The API still refuses it; this only spares people a button that cannot work.
 */
import type { MeBody, Role } from '@switchyard/server/admin-types';
import { useParams } from 'react-router';
import { useProjects } from '../api/project-queries';
import { useMe } from './session-queries';

const RANK: Record<Role, number> = { reader: 0, writer: 1, admin: 2 };

export function useAllowed(role: Role): boolean {
  const me = useMe().data;
  const project = useParams().project;
  const system = useProjects().data?.find((p) => p.key === project)?.system === true;
  if (me === undefined || RANK[me.role] < RANK[role]) return false;
  if (project !== undefined && me.projectKey !== null && me.projectKey !== project) return false;
  // The platform's operational flags steer ingest for every account: admins only.
  return !(system && role !== 'reader' && me.role !== 'admin');
}

/** Managing people needs an admin for every project (a project-scoped admin is refused). */
export function useCanManagePeople(): boolean {
  return managesPeople(useMe().data);
}

export const managesPeople = (me: MeBody | undefined): boolean =>
  me?.role === 'admin' && me.projectKey === null;

/** Creating a project needs an admin for every project too (auth.ts on the server). */
export function useCanCreateProjects(): boolean {
  return useCanManagePeople();
}
