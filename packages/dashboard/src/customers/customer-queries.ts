/**
 * The customer page's server state: the contexts SDKs reported, every flag evaluated for
 * one context, and the one-step target change (read the flag, edit its individual
 * targets, PUT it with the version the page showed, so a race is the API's 409).
 */
import type {
  EvaluateBody,
  EvaluationsBody,
  FlagConfig,
  FlagWithTargeting,
  SeenContextsBody,
} from '@switchyard/server/admin-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../api/api-client';
import { useTrackArrival } from '../arrival/arrival-context';
import { type TargetChange, targetingWith } from './individual-target';

const envPath = (project: string, env: string) =>
  `/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(env)}`;

/** The most contexts the server lists at once. */
const SEEN_LIMIT = 1000;

export function useSeenContexts(project: string, env: string) {
  return useQuery({
    queryKey: ['projects', project, 'environments', env, 'seen-contexts'],
    queryFn: ({ signal }) =>
      request<SeenContextsBody>('GET', `${envPath(project, env)}/insights/contexts?limit=${SEEN_LIMIT}`, {
        signal,
      }),
    select: (body) => body.contexts,
  });
}

export interface Customer {
  readonly kind: string;
  readonly key: string;
}

export function useEvaluations(project: string, env: string, customer: Customer | undefined) {
  return useQuery({
    queryKey: ['projects', project, 'environments', env, 'evaluate', customer?.kind, customer?.key],
    queryFn: ({ signal }) => {
      const body: EvaluateBody = { context: { kind: customer?.kind, key: customer?.key } };
      return request<EvaluationsBody>('POST', `${envPath(project, env)}/evaluate`, { body, signal });
    },
    enabled: customer !== undefined,
  });
}

export interface TargetInput extends TargetChange {
  readonly flag: string;
  /** The flag's version in this environment as the page showed it. */
  readonly version: number;
  readonly comment: string;
}

export function useTargetCustomer(project: string, env: string) {
  const client = useQueryClient();
  const track = useTrackArrival();
  return useMutation({
    mutationFn: async ({ flag, version, comment, ...change }: TargetInput) => {
      const path = `/projects/${encodeURIComponent(project)}/flags/${encodeURIComponent(flag)}`;
      const found = await request<FlagWithTargeting>('GET', path);
      const config = found.environments[env];
      if (config === undefined) throw new Error(`The flag has no configuration in “${env}”.`);
      const body = { ...targetingWith(config, change, comment), version };
      return request<FlagConfig>('PUT', `${path}/environments/${encodeURIComponent(env)}`, { body });
    },
    onSuccess: (saved, { flag }) => track({ env, flag, version: saved.version }),
    onSettled: () => client.invalidateQueries({ queryKey: ['projects', project] }),
  });
}
