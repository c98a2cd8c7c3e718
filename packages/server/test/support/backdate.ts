/**
 * Makes the past for stale-flag tests, which look 30 days back: a flag created long ago
 * (written underneath the running server), and evaluations applied to the insights store
 * as the consumer would have applied them then.
 */
import { foldBatch } from '@switchyard/pipeline';
import { backdateFlag } from '@switchyard/store-sql/testing';
import type { TestServer } from './test-server.js';

let sequence = 0;

export function flagCreatedAgo(s: TestServer, project: string, flag: string, ago: number): Promise<void> {
  return backdateFlag(s.store, project, flag, new Date(Date.now() - ago));
}

/** Evaluations (flag → [variation or null, count]) of production, received `ago` ms in the past. */
export async function evaluatedAgo(
  s: TestServer,
  scope: { readonly account: string; readonly project: string },
  ago: number,
  features: Record<string, [variation: number | null, count: number][]>,
): Promise<void> {
  sequence += 1;
  const receivedAt = Date.now() - ago;
  await s.server.insights.apply([
    foldBatch({
      payloadId: `backdated-${sequence}`,
      accountKey: scope.account,
      projectKey: scope.project,
      environmentKey: 'production',
      source: 'server',
      kind: 'analytics',
      receivedAt,
      events: [summaryEvent(receivedAt, features)],
    }),
  ]);
}

/** A LaunchDarkly summary event ending at `at`: each flag's counters by variation (null: unknown). */
export function summaryEvent(
  at: number,
  features: Record<string, [variation: number | null, count: number][]>,
) {
  return {
    kind: 'summary',
    startDate: at - 1000,
    endDate: at,
    features: Object.fromEntries(
      Object.entries(features).map(([key, counters]) => [
        key,
        {
          counters: counters.map(([variation, count]) =>
            variation === null
              ? { unknown: true, value: null, count }
              : { variation, value: variation, count },
          ),
        },
      ]),
    ),
  };
}
