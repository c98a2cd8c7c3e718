/**
 * The flag list of a project and each flag's on/off in one environment. The definitions
 * come from the flag list, the on/off state and last change from the environment's flag
 * states: two requests for the whole list, however many flags there are.
 */
import type {
  Flag,
  FlagChangeBody,
  FlagConfig,
  FlagState,
  FlagWithTargeting,
  ListBody,
  NewFlagBody,
  SdkData,
  ToggleBody,
} from '@switchyard/server/admin-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../api/api-client';
import { useTrackArrival } from '../arrival/arrival-context';

const projectPath = (project: string) => `/projects/${encodeURIComponent(project)}`;

/** The project's active flags, or its archived ones. */
export function useFlags(project: string, archived = false) {
  return useQuery({
    queryKey: ['projects', project, 'flags', { archived }],
    queryFn: ({ signal }) =>
      request<ListBody<Flag>>('GET', `${projectPath(project)}/flags${archived ? '?archived=true' : ''}`, {
        signal,
      }),
    select: (body) => body.items,
  });
}

/** One flag with its targeting in every environment. */
export function useFlag(project: string, key: string) {
  return useQuery({
    queryKey: ['projects', project, 'flag', key],
    queryFn: ({ signal }) =>
      request<FlagWithTargeting>('GET', `${projectPath(project)}/flags/${encodeURIComponent(key)}`, {
        signal,
      }),
  });
}

/** Archives or restores a flag: archived, it is gone from SDKs in every environment, and kept. */
export function useArchiveFlag(project: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ flag, archived }: { readonly flag: Flag; readonly archived: boolean }) => {
      const body: FlagChangeBody = { archived, version: flag.version };
      return request<Flag>('PATCH', `${projectPath(project)}/flags/${encodeURIComponent(flag.key)}`, {
        body,
      });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['projects', project] }),
  });
}

/** The environment's SDK data: every flag and segment as SDKs receive them. */
export function useSdkData<T = SdkData>(project: string, env: string, select?: (data: SdkData) => T) {
  return useQuery({
    queryKey: ['projects', project, 'environments', env, 'sdk-data'],
    queryFn: ({ signal }) =>
      request<SdkData>('GET', `${projectPath(project)}/environments/${encodeURIComponent(env)}/sdk-data`, {
        signal,
      }),
    ...(select === undefined ? {} : { select }),
  });
}

/** Each flag's on/off, version and last change in one environment, by flag key. */
export function useFlagStates(project: string, env: string) {
  return useQuery({
    queryKey: ['projects', project, 'environments', env, 'flag-states'],
    queryFn: ({ signal }) =>
      request<ListBody<FlagState>>(
        'GET',
        `${projectPath(project)}/environments/${encodeURIComponent(env)}/flag-states`,
        { signal },
      ),
    select: (body): ReadonlyMap<string, FlagState> => new Map(body.items.map((state) => [state.key, state])),
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
  const track = useTrackArrival();
  return useMutation({
    mutationFn: ({ flag, body }: { readonly flag: string; readonly body: ToggleBody }) =>
      request<FlagConfig>(
        'POST',
        `${projectPath(project)}/flags/${encodeURIComponent(flag)}/environments/${encodeURIComponent(env)}/toggle`,
        { body },
      ),
    onSuccess: (saved, { flag }) => {
      track({ env, flag, version: saved.version });
      return client.invalidateQueries({ queryKey: ['projects', project, 'environments', env] });
    },
  });
}
