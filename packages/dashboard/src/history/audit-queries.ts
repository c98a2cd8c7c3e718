/**
 * The audit log of a project (or one flag or segment of it), newest first, a page at a
 * time; the people who appear in it; and the revert of a flag's environment to an entry.
 */
import type { AuditEntry, FlagConfig, RevertBody } from '@switchyard/server/admin-types';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../api/api-client';
import { useTrackArrival } from '../arrival/arrival-context';

export interface AuditScope {
  readonly project: string;
  readonly flag?: string;
  readonly segment?: string;
}

export interface AuditFilters {
  /** The actor's id: a token's or a user's id, or a system actor's name. */
  readonly actor: string;
  /** ISO date-times, or empty for no bound. */
  readonly from: string;
  readonly to: string;
}

interface AuditPage {
  readonly items: readonly AuditEntry[];
  readonly next?: number;
}

const PAGE = 50;

function auditPath(scope: AuditScope, filters: Partial<AuditFilters>, limit: number, before?: number) {
  const query = new URLSearchParams({ project: scope.project, limit: String(limit) });
  for (const [name, value] of Object.entries({ ...filters, flag: scope.flag, segment: scope.segment }))
    if (value !== undefined && value !== '') query.set(name, value);
  if (before !== undefined) query.set('before', String(before));
  return `/audit?${query}`;
}

export function useAuditLog(scope: AuditScope, filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['projects', scope.project, 'audit', scope, filters],
    queryFn: ({ pageParam, signal }) =>
      request<AuditPage>('GET', auditPath(scope, filters, PAGE, pageParam), { signal }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.next,
  });
}

export interface Person {
  readonly id: string;
  readonly name: string;
}

export const actorId = (actor: AuditEntry['actor']): string =>
  actor.kind === 'system' ? actor.name : actor.id;

/** Everyone who made one of the scope's recent changes, to filter by. */
export function usePeople(scope: AuditScope) {
  return useQuery({
    queryKey: ['projects', scope.project, 'audit', scope, 'people'],
    queryFn: ({ signal }) => request<AuditPage>('GET', auditPath(scope, {}, 500), { signal }),
    select: (page): Person[] => {
      const people = new Map(page.items.map((e) => [actorId(e.actor), e.actor.name]));
      return [...people].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
    },
  });
}

export interface RevertInput {
  readonly entry: AuditEntry;
  /** The flag's current version in the entry's environment, as the dialog showed it. */
  readonly version: number;
  readonly comment: string;
}

export function useRevert(project: string) {
  const client = useQueryClient();
  const track = useTrackArrival();
  return useMutation({
    mutationFn: ({ entry, version, comment }: RevertInput) => {
      const body: RevertBody = {
        auditId: entry.id,
        to: 'after',
        version,
        ...(comment.trim() === '' ? {} : { comment: comment.trim() }),
      };
      return request<FlagConfig>(
        'POST',
        `/projects/${encodeURIComponent(project)}/flags/${encodeURIComponent(entry.resourceKey)}/environments/${encodeURIComponent(entry.environmentKey ?? '')}/revert`,
        { body },
      );
    },
    onSuccess: (saved, { entry }) =>
      track({ env: entry.environmentKey ?? '', flag: entry.resourceKey, version: saved.version }),
    onSettled: () => client.invalidateQueries({ queryKey: ['projects', project] }),
  });
}
