/** Projects and environments, cached in the one query cache. */
import type { Account, Environment, ListBody, Project } from '@switchyard/server/admin-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './api-client';

export function useProjects() {
  return useQuery({
    queryKey: ['projects'],
    queryFn: ({ signal }) => request<ListBody<Project>>('GET', '/projects', { signal }),
    select: (body) => body.items,
    staleTime: 30_000,
  });
}

export function useEnvironments(project: string) {
  return useQuery({
    queryKey: ['projects', project, 'environments'],
    queryFn: ({ signal }) =>
      request<ListBody<Environment>>('GET', `/projects/${encodeURIComponent(project)}/environments`, {
        signal,
      }),
    select: (body) => body.items,
    staleTime: 30_000,
  });
}

/** Creates a project with the server's default environments (Production and Test). */
export function useCreateProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { readonly key: string; readonly name: string }) =>
      request<Project>('POST', '/projects', { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['projects'] }),
  });
}

/** The accounts projects belong to; `enabled` false for anyone but an admin for every project (the API would refuse). */
export function useAccounts(enabled: boolean) {
  return useQuery({
    queryKey: ['accounts'],
    enabled,
    queryFn: ({ signal }) => request<ListBody<Account>>('GET', '/accounts', { signal }),
    select: (body) => body.items,
    staleTime: 30_000,
  });
}
