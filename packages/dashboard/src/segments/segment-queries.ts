/** The segments of one environment: list, one, create, save (with the version read, so a race is a 409). */
import type { ListBody, Segment, SegmentBody } from '@switchyard/server/admin-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../api/api-client';

const segmentsPath = (project: string, env: string) =>
  `/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(env)}/segments`;
const segmentsKey = (project: string, env: string) => ['projects', project, 'environments', env, 'segments'];

export function useSegments(project: string, env: string) {
  return useQuery({
    queryKey: segmentsKey(project, env),
    queryFn: ({ signal }) => request<ListBody<Segment>>('GET', segmentsPath(project, env), { signal }),
    select: (body) => body.items,
  });
}

export function useSegment(project: string, env: string, key: string) {
  return useQuery({
    queryKey: [...segmentsKey(project, env), key],
    queryFn: ({ signal }) =>
      request<Segment>('GET', `${segmentsPath(project, env)}/${encodeURIComponent(key)}`, { signal }),
  });
}

export interface NewSegment {
  readonly key: string;
  readonly name: string;
  readonly description?: string;
}

export function useCreateSegment(project: string, env: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewSegment) => request<Segment>('POST', segmentsPath(project, env), { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: segmentsKey(project, env) }),
  });
}

export function useSaveSegment(project: string, env: string, key: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SegmentBody) =>
      request<Segment>('PUT', `${segmentsPath(project, env)}/${encodeURIComponent(key)}`, { body }),
    onSettled: () => client.invalidateQueries({ queryKey: ['projects', project, 'environments', env] }),
  });
}
