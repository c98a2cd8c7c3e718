/**
 * Saving a flag's targeting in one environment (with the version it was read at, so a
 * race is the API's 409, never an overwrite) and its client-side availability.
 */
import type {
  Flag,
  FlagChangeBody,
  FlagConfig,
  FlagWithTargeting,
  TargetingBody,
} from '@switchyard/server/admin-types';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from '../api/api-client';
import { useTrackArrival } from '../arrival/arrival-context';
import type { DraftBody } from './draft';

const flagPath = (project: string, flag: string) =>
  `/projects/${encodeURIComponent(project)}/flags/${encodeURIComponent(flag)}`;

export interface SaveInput {
  readonly flag: Flag;
  readonly body: DraftBody;
  /** The configuration version the draft started from. */
  readonly version: number;
  readonly availabilityChanged: boolean;
  /** Why, for the audit log; empty for none. */
  readonly comment: string;
}

export function useSaveTargeting(project: string, env: string) {
  const client = useQueryClient();
  const track = useTrackArrival();
  return useMutation({
    mutationFn: async ({ flag, body, version, availabilityChanged, comment }: SaveInput) => {
      const why = comment.trim() === '' ? {} : { comment: comment.trim() };
      const targeting: TargetingBody = { ...body.targeting, version, ...why };
      const saved = await request<FlagConfig>(
        'PUT',
        `${flagPath(project, flag.key)}/environments/${encodeURIComponent(env)}`,
        {
          body: targeting,
        },
      );
      if (availabilityChanged) {
        const change: FlagChangeBody = {
          clientSideAvailability: body.clientSideAvailability,
          version: flag.version,
        };
        await request<Flag>('PATCH', flagPath(project, flag.key), { body: change });
      }
      return saved;
    },
    onSuccess: (saved, { flag }) => track({ env, flag: flag.key, version: saved.version }),
    onSettled: () => client.invalidateQueries({ queryKey: ['projects', project] }),
  });
}

/** The flag as it is on the server now (after a conflict), put in the cache. */
export function useReloadFlag(project: string) {
  const client = useQueryClient();
  return async (key: string): Promise<FlagWithTargeting> => {
    const latest = await request<FlagWithTargeting>('GET', flagPath(project, key));
    client.setQueryData(['projects', project, 'flag', key], latest);
    return latest;
  };
}
