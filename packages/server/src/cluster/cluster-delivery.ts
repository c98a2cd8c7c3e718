/**
 * Proof of arrival across the cluster: for an environment's latest changes, how many
 * SDK streams on all live nodes have the new version, and the slowest node's delay,
 * folded from every node's heartbeat. A stream has a version when its node's data is at
 * that version or later: it was written the change, or connected after it and got the
 * whole environment (a stream too slow to take the change is dropped and reconnects).
 */
import type { NodeStatus } from './node-heartbeat.js';

/** The newest changes reported. */
const CHANGES = 10;

export interface NodeDelivery {
  readonly node: string;
  readonly self: boolean;
  readonly alive: boolean;
  readonly heartbeatAt: string;
  /** The node's data version of the environment; null when it does not serve it (no streams, no changes lately). */
  readonly dataVersion: number | null;
  readonly streams: number;
}

export interface ClusterChange {
  readonly version: number;
  readonly items: string[];
  readonly committedAt: string;
  /** Streams connected on the live nodes now. */
  readonly streams: number;
  /** … of which have this version. */
  readonly reached: number;
  /** Live nodes whose data is older than this version. */
  readonly nodesBehind: string[];
  /** The largest commit-to-socket delay (p99) any node reported for this change, and that node. */
  readonly slowestMs: number | null;
  readonly slowestNode: string | null;
  /** Streams dropped as too slow instead of written, on all nodes. */
  readonly dropped: number;
}

export interface ClusterDelivery {
  readonly environment: string;
  readonly nodes: NodeDelivery[];
  /** Newest first. */
  readonly changes: ClusterChange[];
}

export function clusterDelivery(
  envId: string,
  statuses: readonly { status: NodeStatus; at: number; self: boolean }[],
  now: number,
  aliveWithinMs: number,
): ClusterDelivery {
  const nodes: NodeDelivery[] = statuses.map(({ status, at, self }) => {
    const env = status.environments[envId];
    return {
      node: status.node,
      self,
      alive: self || now - at <= aliveWithinMs,
      heartbeatAt: status.heartbeatAt,
      dataVersion: env?.dataVersion ?? null,
      streams: env?.streams ?? 0,
    };
  });
  const live = nodes.filter((n) => n.alive);
  const streams = live.reduce((sum, n) => sum + n.streams, 0);
  const byVersion = new Map<number, { items: readonly string[]; committedAt: string }>();
  for (const { status } of statuses) {
    for (const record of status.environments[envId]?.deliveries ?? []) {
      if (!byVersion.has(record.version)) byVersion.set(record.version, record);
    }
  }
  const changes = [...byVersion.entries()]
    .sort(([a], [b]) => b - a)
    .slice(0, CHANGES)
    .map(([version, { items, committedAt }]): ClusterChange => {
      let slowestMs: number | null = null;
      let slowestNode: string | null = null;
      let dropped = 0;
      for (const { status } of statuses) {
        const record = status.environments[envId]?.deliveries.find((d) => d.version === version);
        if (record === undefined) continue;
        dropped += record.dropped;
        if (record.p99Ms !== null && (slowestMs === null || record.p99Ms > slowestMs)) {
          slowestMs = record.p99Ms;
          slowestNode = status.node;
        }
      }
      const has = (n: NodeDelivery) => n.dataVersion !== null && n.dataVersion >= version;
      return {
        version,
        items: [...items],
        committedAt,
        streams,
        reached: live.filter(has).reduce((sum, n) => sum + n.streams, 0),
        nodesBehind: live.filter((n) => n.streams > 0 && !has(n)).map((n) => n.node),
        slowestMs,
        slowestNode,
        dropped,
      };
    });
  return { environment: envId, nodes, changes };
}
