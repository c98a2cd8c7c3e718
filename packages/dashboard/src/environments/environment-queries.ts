/** One environment with its keys, and rotating one of them. */
import type { Environment } from '@switchyard/server/admin-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../api/api-client';

export type Credential = 'sdkKey' | 'mobileKey' | 'clientSideId';

const environmentPath = (project: string, env: string) =>
  `/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(env)}`;

export function useEnvironment(project: string, env: string) {
  return useQuery({
    queryKey: ['projects', project, 'environments', env],
    queryFn: ({ signal }) => request<Environment>('GET', environmentPath(project, env), { signal }),
  });
}

export function useRotateCredential(project: string, env: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (credential: Credential) =>
      request<Environment>('POST', `${environmentPath(project, env)}/rotate`, { body: { credential } }),
    onSuccess: (updated) => {
      client.setQueryData(['projects', project, 'environments', env], updated);
      return client.invalidateQueries({ queryKey: ['projects', project, 'environments'], exact: true });
    },
  });
}
