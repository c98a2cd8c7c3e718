/**
 * The console's reads, polled every 2 s so the page tells the truth during an incident
 * (accounts overview, nodes), and the cut-off and lift that refresh the overview at once.
 */
import type {
  AccountsOverviewBody,
  ListBody,
  NewOverrideBody,
  NodeBody,
  OverrideBody,
} from '@switchyard/server/admin-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../api/api-client';

const REFRESH_MS = 2000;
const OVERVIEW = ['accounts-overview'] as const;

export type OverviewSort = 'rate' | 'usage' | 'key';

export function useAccountsOverview(sort: OverviewSort) {
  return useQuery({
    queryKey: [...OVERVIEW, sort],
    queryFn: ({ signal }) =>
      request<AccountsOverviewBody>('GET', `/accounts-overview?sort=${sort}`, { signal }),
    refetchInterval: REFRESH_MS,
    placeholderData: (previous) => previous,
  });
}

export function useNodes() {
  return useQuery({
    queryKey: ['nodes'],
    queryFn: ({ signal }) => request<ListBody<NodeBody>>('GET', '/nodes', { signal }),
    select: (body) => body.items,
    refetchInterval: REFRESH_MS,
  });
}

const overridesPath = (account: string) => `/accounts/${encodeURIComponent(account)}/overrides`;

function useOverrideMutation<T>(send: (input: T) => Promise<OverrideBody>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: send, onSuccess: () => client.invalidateQueries({ queryKey: OVERVIEW }) });
}

export const useCutOff = () =>
  useOverrideMutation(({ account, body }: { readonly account: string; readonly body: NewOverrideBody }) =>
    request<OverrideBody>('POST', overridesPath(account), { body }),
  );

export const useLift = () =>
  useOverrideMutation(({ account, id }: { readonly account: string; readonly id: string }) =>
    request<OverrideBody>('DELETE', `${overridesPath(account)}/${encodeURIComponent(id)}`),
  );
