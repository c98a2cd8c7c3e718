/**
 * The insights the SDKs reported, read through the admin API: one flag's hourly series,
 * its totals per environment, the contexts that evaluated it recently, every flag's
 * summary (one request for the whole flag list) and custom events per hour.
 */
import type {
  CustomEventSeriesBody,
  FlagContextsBody,
  FlagEnvironmentsBody,
  FlagSeriesBody,
  InsightSummaryBody,
} from '@switchyard/server/admin-types';
import { useQuery } from '@tanstack/react-query';
import { request } from '../api/api-client';
import { DAY_MS, HOUR_MS } from './time-buckets';

/** Counts change as events arrive; a minute old is fresh enough for an overview. */
const STALE_MS = 60_000;

/** How a flag's series is bucketed: per hour, or per UTC day from the server's per-day rollup. */
export type Grain = 'hour' | 'day';

const envPath = (project: string, env: string) =>
  `/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(env)}/insights`;

/**
 * One flag's series over the last `hours`: per hour, or with the day grain per UTC day,
 * today the last of `hours / 24` days.
 */
export function useFlagSeries(project: string, env: string, flag: string, hours: number, grain: Grain) {
  return useQuery({
    queryKey: ['projects', project, 'environments', env, 'insights', 'flag', flag, hours, grain],
    queryFn: ({ signal }) => {
      const now = Date.now();
      const from =
        grain === 'day' ? now - (now % DAY_MS) - (Math.ceil(hours / 24) - 1) * DAY_MS : now - hours * HOUR_MS;
      return request<FlagSeriesBody>(
        'GET',
        `${envPath(project, env)}/flags/${encodeURIComponent(flag)}?from=${encodeURIComponent(new Date(from).toISOString())}&grain=${grain}`,
        { signal },
      );
    },
    staleTime: STALE_MS,
  });
}

export function useFlagEnvironments(project: string, flag: string) {
  return useQuery({
    queryKey: ['projects', project, 'insights', 'flag-environments', flag],
    queryFn: ({ signal }) =>
      request<FlagEnvironmentsBody>(
        'GET',
        `/projects/${encodeURIComponent(project)}/flags/${encodeURIComponent(flag)}/insights/environments`,
        { signal },
      ),
    staleTime: STALE_MS,
  });
}

export function useFlagContexts(project: string, env: string, flag: string, limit = 10) {
  return useQuery({
    queryKey: ['projects', project, 'environments', env, 'insights', 'flag-contexts', flag, limit],
    queryFn: ({ signal }) =>
      request<FlagContextsBody>(
        'GET',
        `${envPath(project, env)}/flags/${encodeURIComponent(flag)}/contexts?limit=${limit}`,
        { signal },
      ),
    staleTime: STALE_MS,
  });
}

export function useInsightSummary(project: string, env: string) {
  return useQuery({
    queryKey: ['projects', project, 'environments', env, 'insights', 'summary'],
    queryFn: ({ signal }) =>
      request<InsightSummaryBody>('GET', `${envPath(project, env)}/summary?days=30`, { signal }),
    select: (body): ReadonlyMap<string, InsightSummaryBody['flags'][number]> =>
      new Map(body.flags.map((f) => [f.key, f])),
    staleTime: STALE_MS,
  });
}

export function useCustomEventSeries(project: string, env: string, hours: number) {
  return useQuery({
    queryKey: ['projects', project, 'environments', env, 'insights', 'events', hours],
    queryFn: ({ signal }) =>
      request<CustomEventSeriesBody>('GET', `${envPath(project, env)}/events/series?hours=${hours}`, {
        signal,
      }),
    staleTime: STALE_MS,
  });
}
