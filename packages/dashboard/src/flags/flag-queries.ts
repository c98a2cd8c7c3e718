/**
 * The flag list of a project and each flag's on/off in one environment. The definitions
 * come from the flag list, the on/off state from the environment's SDK data: two requests
 * for the whole list, however many flags there are.
 */
import type {
  Flag,
  FlagWithTargeting,
  ListBody,
  NewFlagBody,
  SdkData,
  ToggleBody,
} from '@switchyard/server/admin-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../api/api-client';

const projectPath = (project: string) => `/projects/${encodeURIComponent(project)}`;

export function useFlags(project: string) {
  return useQuery({
    queryKey: ['projects', project, 'flags'],
    queryFn: ({ signal }) => request<ListBody<Flag>>('GET', `${projectPath(project)}/flags`, { signal }),
    select: (body) => body.items,
  });
}

export interface FlagState {
  readonly on: boolean;
  readonly version: number;
}

export function useFlagStates(project: string, env: string) {
  return useQuery({
    queryKey: ['projects', project, 'environments', env, 'flag-states'],
    queryFn: ({ signal }) =>
      request<SdkData>('GET', `${projectPath(project)}/environments/${encodeURIComponent(env)}/sdk-data`, {
        signal,
      }),
    select: (data): ReadonlyMap<string, FlagState> =>
      new Map(
        Object.entries(data.flags ?? {}).map(([key, flag]) => [
          key,
          { on: flag.on ?? false, version: flag.version ?? 0 },
        ]),
      ),
  });
}

export function useCreateFlag(project: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewFlagBody) =>
      request<FlagWithTargeting>('POST', `${projectPath(project)}/flags`, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['projects', project] }),
  });
}

export function useToggleFlag(project: string, env: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ flag, body }: { readonly flag: string; readonly body: ToggleBody }) =>
      request<unknown>(
        'POST',
        `${projectPath(project)}/flags/${encodeURIComponent(flag)}/environments/${encodeURIComponent(env)}/toggle`,
        { body },
      ),
    onSuccess: () =>
      client.invalidateQueries({ queryKey: ['projects', project, 'environments', env, 'flag-states'] }),
  });
}
