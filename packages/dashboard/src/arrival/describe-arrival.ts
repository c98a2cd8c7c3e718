/**
 * How far one saved change reached across the cluster, from `…/delivery/cluster`: a stream
 * has the change when its node's data is at the saved version or later (the server's own
 * rule), so the count holds even when a later change superseded it.
 */
import type { ClusterDeliveryBody } from '@switchyard/server/admin-types';

export interface Arrival {
  /** Every stream on every live node has the change (and the delivery was reported). */
  readonly complete: boolean;
  readonly text: string;
}

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

export function describeArrival(body: ClusterDeliveryBody, version: number, waiting: boolean): Arrival {
  const live = body.nodes.filter((n) => n.alive);
  const has = (n: (typeof live)[number]) => n.dataVersion !== null && n.dataVersion >= version;
  const streams = live.reduce((sum, n) => sum + n.streams, 0);
  const reached = live.filter(has).reduce((sum, n) => sum + n.streams, 0);
  const on = `on ${plural(live.length, 'node')}`;
  if (streams === 0)
    return {
      complete: true,
      text: `No SDK stream is connected ${on}; SDKs get the change when they next connect or poll.`,
    };
  const change = body.changes.find((c) => c.version === version);
  const timing = change?.slowestMs == null ? '' : ` in ${count(Math.round(change.slowestMs))} ms`;
  const head = `Reached ${count(reached)} of ${plural(streams, 'stream')} ${on}${timing}`;
  if (reached === streams && change !== undefined) return { complete: true, text: `${head}.` };
  const behind = live.filter((n) => n.streams > 0 && !has(n));
  const missing = behind.map((n) => `${plural(n.streams, 'stream')} on ${n.node}`).join(', ');
  const rest = missing === '' ? 'waiting for the nodes to report' : `still arriving: ${missing}`;
  return { complete: false, text: `${head}; ${rest}${waiting ? '…' : ' (stopped waiting).'}` };
}
