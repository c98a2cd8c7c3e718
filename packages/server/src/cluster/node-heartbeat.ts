/**
 * This node's heartbeat: once a second (off every request path) it writes its health
 * and what its SDK streams received to the database, and reads every node's, as the peer
 * rates do. Any node can then answer for the whole cluster: each node's version and
 * last heartbeat, and how far each environment's latest changes reached on each node.
 * A change delivered to streams is written at once (coalesced), so the cluster-wide
 * proof of arrival does not wait for the next beat. While the database is away the last
 * read stays, and each row's own time tells how old it is.
 */
import { randomUUID } from 'node:crypto';
import type { NodeStatusRecord, NodeStatusStore } from '@switchyard/control-plane';
import type { JsonValue } from '@switchyard/engine';
import type { PipelineStatus } from '@switchyard/pipeline';
import type { DeliveryRecord } from '../delivery/stream-hub.js';
import type { EventsLogger } from '../guard/events-logger.js';
import type { AccountActivity } from '../guard/ingest-guard.js';

/** What one environment's streams on one node received. */
export interface EnvironmentDelivery {
  readonly dataVersion: number;
  readonly streams: number;
  /** Newest first. */
  readonly deliveries: readonly DeliveryRecord[];
}

export interface NodeStatus {
  readonly node: string;
  readonly version: string;
  readonly pid: number;
  readonly startedAt: string;
  readonly heartbeatAt: string;
  readonly database: { readonly up: boolean; readonly changeFeed: 'connected' | 'reconnecting' };
  readonly broker: PipelineStatus['broker'];
  /** Broker channels opened since start: a small constant when healthy. */
  readonly publishingChannels: number;
  readonly spool: { readonly batches: number; readonly bytes: number; readonly oldestAgeMs: number | null };
  readonly consumer: PipelineStatus['consumer'];
  /** Accepted batches not yet applied to insights (null: the broker could not be asked). */
  readonly consumerLag: number | null;
  readonly streams: number;
  /** Environments with streams or recent deliveries, by `project/environment`. */
  readonly environments: Readonly<Record<string, EnvironmentDelivery>>;
  /** Accounts this node took events of in the last minutes, by key. */
  readonly accounts: Readonly<Record<string, AccountActivity>>;
}

/** What the heartbeat reads from this node. */
export interface NodeProbe {
  readonly database: () => Promise<boolean>;
  readonly changeFeed: () => boolean;
  readonly events: () => PipelineStatus;
  readonly backlog: () => Promise<number | undefined>;
  readonly streams: () => number;
  readonly environments: () => Record<string, EnvironmentDelivery>;
  readonly accounts: () => Record<string, AccountActivity>;
}

export interface NodeHeartbeatDeps {
  readonly store: NodeStatusStore;
  readonly probe: NodeProbe;
  readonly version: string;
  readonly log: EventsLogger;
  readonly now: () => number;
}

/** Rows of nodes silent this long are removed (the console shows a stopped node until then). */
const PRUNE_AFTER_MS = 3_600_000;
/** A delivery is written this soon after it happens, several coalesced into one write. */
const DELIVERY_WRITE_MS = 50;

export class NodeHeartbeat {
  readonly node = randomUUID();
  private readonly startedAt: string;
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Timeout | undefined;
  private beating: Promise<void> | undefined;
  private again = false;
  private others: NodeStatusRecord[] = [];
  private intervalMs = 1000;
  private failing = false;
  private lastPrune = 0;

  constructor(private readonly deps: NodeHeartbeatDeps) {
    this.startedAt = new Date(deps.now()).toISOString();
  }

  start(intervalMs: number): void {
    this.intervalMs = intervalMs;
    void this.beat();
    this.timer = setInterval(() => void this.beat(), intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.timer = undefined;
    await this.beating;
  }

  /** How long a node may stay silent and still count as up: two and a half beats. */
  aliveWithinMs(): number {
    return this.intervalMs * 2.5;
  }

  /** A delivery happened: share it shortly rather than at the next beat. */
  delivered(): void {
    if (this.soon !== undefined || this.timer === undefined) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      void this.beat();
    }, DELIVERY_WRITE_MS);
    this.soon.unref();
  }

  /** Every node's latest status: this one's as of now, the others' as they last wrote it. */
  async cluster(): Promise<{ status: NodeStatus; at: number; self: boolean }[]> {
    const now = this.deps.now();
    const own = { status: await this.status(now), at: now, self: true };
    const rest = this.others
      .filter((r) => r.node !== this.node)
      .map((r) => ({ status: r.status as unknown as NodeStatus, at: r.at, self: false }));
    return [own, ...rest];
  }

  /** Writes this node's status and reads the others'; one at a time, a request during one runs after it. */
  beat(): Promise<void> {
    if (this.beating !== undefined) {
      this.again = true;
      return this.beating;
    }
    this.beating = this.beatOnce().finally(() => {
      this.beating = undefined;
      if (this.again) {
        this.again = false;
        void this.beat();
      }
    });
    return this.beating;
  }

  private async beatOnce(): Promise<void> {
    const now = this.deps.now();
    try {
      const status = await this.status(now);
      await this.deps.store.writeStatus({ node: this.node, at: now, status: status as unknown as JsonValue });
      this.others = await this.deps.store.readStatuses(now - PRUNE_AFTER_MS);
      if (this.failing) this.deps.log.info({}, 'sharing this node’s heartbeat with the other nodes again');
      this.failing = false;
      if (now - this.lastPrune >= 60_000) {
        this.lastPrune = now;
        await this.deps.store.pruneStatuses(now - PRUNE_AFTER_MS);
      }
    } catch (err) {
      if (!this.failing) this.deps.log.warn({ err }, 'could not share this node’s heartbeat');
      this.failing = true;
    }
  }

  private async status(now: number): Promise<NodeStatus> {
    const { probe } = this.deps;
    const [database, backlog] = await Promise.all([
      probe.database().catch(() => false),
      probe.backlog().catch(() => undefined),
    ]);
    const events = probe.events();
    return {
      node: this.node,
      version: this.deps.version,
      pid: process.pid,
      startedAt: this.startedAt,
      heartbeatAt: new Date(now).toISOString(),
      database: { up: database, changeFeed: probe.changeFeed() ? 'connected' : 'reconnecting' },
      broker: events.broker,
      publishingChannels: events.channelsOpened,
      spool: {
        batches: events.spool.batches,
        bytes: events.spool.bytes,
        oldestAgeMs: events.spool.oldestAgeMs ?? null,
      },
      consumer: events.consumer,
      consumerLag: backlog ?? null,
      streams: probe.streams(),
      environments: probe.environments(),
      accounts: probe.accounts(),
    };
  }
}
