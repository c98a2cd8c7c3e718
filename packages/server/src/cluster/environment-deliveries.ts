/** What this node's SDK streams received, per environment, for its heartbeat. */
import type { EnvironmentSnapshots } from '../delivery/environment-snapshots.js';
import type { StreamHub } from '../delivery/stream-hub.js';
import type { EnvironmentDelivery } from './node-heartbeat.js';

/** Environments a heartbeat reports: those with streams or recent deliveries on this node, the busiest first. */
const REPORTED_ENVIRONMENTS = 500;
const DELIVERIES_REPORTED = 5;

export function environmentDeliveries(
  snapshots: EnvironmentSnapshots,
  streams: StreamHub,
): Record<string, EnvironmentDelivery> {
  const found: [string, EnvironmentDelivery][] = [];
  for (const data of snapshots.all()) {
    const count = streams.count(data.id);
    const deliveries = streams.recentDeliveries(data.id).slice(0, DELIVERIES_REPORTED);
    if (count === 0 && deliveries.length === 0) continue;
    found.push([data.id, { dataVersion: data.environment.dataVersion, streams: count, deliveries }]);
  }
  found.sort(([, a], [, b]) => b.streams - a.streams);
  return Object.fromEntries(found.slice(0, REPORTED_ENVIRONMENTS));
}
