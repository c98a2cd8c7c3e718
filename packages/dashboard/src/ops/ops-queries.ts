/**
 * The console's reads, polled every 2 s so the page tells the truth during an incident
 * (accounts overview, nodes), one account's series and history, and the changes (an
 * override set or lifted, limits saved) that refresh them at once.
 */
import type {
  Account,
  AccountSeriesBody,
  AccountsOverviewBody,
  AuditEntry,
  FlagWithTargeting,
  ListBody,
  NewOverrideBody,
  NodeBody,
  OverrideBody,
} from '@switchyard/server/admin-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../api/api-client';

const REFRESH_MS = 2000;
const OVERVIEW = ['accounts-overview'] as const;
const HISTORY = ['account-history'] as const;

export type OverviewSort = 'rate' | 'usage' | 'key';
export type SeriesRange = AccountSeriesBody['range'];
export type OverrideKind = NewOverrideBody['kind'];
export type ValueKind = Exclude<OverrideKind, 'kill-switch'>;

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

const accountPath = (account: string) => `/accounts/${encodeURIComponent(account)}`;

export function useAccountSeries(account: string, range: SeriesRange) {
  return useQuery({
    queryKey: ['account-series', account, range],
    queryFn: ({ signal }) =>
      request<AccountSeriesBody>('GET', `${accountPath(account)}/series?range=${range}`, { signal }),
    refetchInterval: range === 'hour' ? REFRESH_MS : 30_000,
    placeholderData: (previous) => (previous?.range === range ? previous : undefined),
  });
}

/** The account's audit entries (created, limits changed, overrides set, lifted, expired), newest first. */
export function useAccountHistory(account: string) {
  return useQuery({
    queryKey: [...HISTORY, account],
    queryFn: ({ signal }) =>
      request<ListBody<AuditEntry>>('GET', `/audit?account=${encodeURIComponent(account)}&limit=100`, {
        signal,
      }),
    select: (body) => body.items,
    refetchInterval: 5000,
  });
}

/** Where each kind of value override lives (see the server's guard/system-project.ts). */
const OVERRIDE_FLAGS: Readonly<Record<ValueKind, string>> = {
  sampling: 'event-sampling-ratio',
  'per-second-limit': 'events-per-second-limit',
};

/** The values an override of `kind` may set: its operational flag's variations. */
export function useOverrideChoices(kind: ValueKind) {
  return useQuery({
    queryKey: ['override-choices', kind],
    queryFn: ({ signal }) =>
      request<FlagWithTargeting>('GET', `/projects/switchyard-system/flags/${OVERRIDE_FLAGS[kind]}`, {
        signal,
      }),
    select: (body) => body.flag.variations.filter((v): v is number => typeof v === 'number'),
    staleTime: 60_000,
  });
}

function useAccountMutation<T, R>(send: (input: T) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: OVERVIEW }),
        client.invalidateQueries({ queryKey: HISTORY }),
      ]),
  });
}

/** Sets an override: a cut-off, a sampling ratio or a per-second limit. */
export const useSetOverride = () =>
  useAccountMutation(({ account, body }: { readonly account: string; readonly body: NewOverrideBody }) =>
    request<OverrideBody>('POST', `${accountPath(account)}/overrides`, { body }),
  );

export const useLift = () =>
  useAccountMutation(({ account, id }: { readonly account: string; readonly id: string }) =>
    request<OverrideBody>('DELETE', `${accountPath(account)}/overrides/${encodeURIComponent(id)}`),
  );

export const useSetLimits = () =>
  useAccountMutation(
    ({ account, limits }: { readonly account: string; readonly limits: Account['limits'] }) =>
      request<Account>('PATCH', accountPath(account), { body: { limits } }),
  );
