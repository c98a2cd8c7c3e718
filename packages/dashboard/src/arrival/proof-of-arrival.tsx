/**
 * After a save: how many SDK streams on every node of the cluster have the new version,
 * polled from `…/delivery/cluster` until all of them do or the wait is over.
 */
import type { ClusterDeliveryBody } from '@switchyard/server/admin-types';
import { useQuery } from '@tanstack/react-query';
import { request } from '../api/api-client';
import { useTrackedChange } from './arrival-context';
import { describeArrival } from './describe-arrival';

const POLL_MS = 300;
/** Longer than a few heartbeats of every node (1 s each by default). */
const WAIT_MS = 15_000;

export function ProofOfArrival({ project }: { readonly project: string }) {
  const change = useTrackedChange();
  const path = change
    ? `/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(change.env)}/delivery/cluster`
    : '';
  const waiting = change !== undefined && Date.now() - change.savedAt < WAIT_MS;
  const delivery = useQuery({
    queryKey: ['projects', project, 'environments', change?.env, 'delivery-cluster', change?.savedAt],
    queryFn: ({ signal }) => request<ClusterDeliveryBody>('GET', path, { signal }),
    enabled: change !== undefined,
    refetchInterval: (query) => {
      const body = query.state.data;
      // The fetch that lands after the wait shows "stopped waiting", then polling ends.
      if (change === undefined || query.state.dataUpdatedAt - change.savedAt >= WAIT_MS) return false;
      return body && describeArrival(body, change.version, true).complete ? false : POLL_MS;
    },
  });
  if (change === undefined) return null;
  const arrival = delivery.data ? describeArrival(delivery.data, change.version, waiting) : undefined;
  return (
    <p
      className={`arrival ${arrival && !arrival.complete && !waiting ? 'behind' : ''}`}
      role="status"
      aria-label="Proof of arrival"
    >
      <strong>{change.flag}</strong>{' '}
      <span>
        {arrival
          ? arrival.text
          : delivery.isError
            ? 'Saved; could not read how far it reached.'
            : 'Saved; checking how far it reached…'}
      </span>
    </p>
  );
}
