/**
 * Each server node's heartbeat, shared through the database like the peer rates: the
 * node's health and what its SDK streams received, so any node can show the whole
 * cluster. Only the node writes its row; a row that stops changing is a node that
 * stopped (or lost the database). Written outside the audited transactions.
 */
import type { JsonValue } from '@switchyard/engine';

/** One node's last heartbeat, at `at` (epoch ms). */
export interface NodeStatusRecord {
  readonly node: string;
  readonly at: number;
  readonly status: JsonValue;
}

/** Where heartbeats are kept; implemented by the SQL store. */
export interface NodeStatusStore {
  /** Sets this node's row. */
  writeStatus(record: NodeStatusRecord): Promise<void>;
  /** Every node's row written at or after `since`, oldest node first. */
  readStatuses(since: number): Promise<NodeStatusRecord[]>;
  /** Forgets the rows of nodes silent since before `before`. */
  pruneStatuses(before: number): Promise<void>;
}
