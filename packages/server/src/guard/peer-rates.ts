/**
 * What the other nodes see of each rate-limited account, so that an account's
 * per-second limit and its circuit breaker hold for the cluster, not per node. Once a
 * second (off the request path) this node writes its rates for the accounts it limits
 * and reads the others'; the guard then takes a share of the limit in proportion to the
 * traffic it is offered (docs/adr/0005). On one node, or while the database is away,
 * there are no peers and each node enforces the whole limit, as before.
 */
import { randomUUID } from 'node:crypto';
import type { AccountRate, UsageService } from '@switchyard/control-plane';
import type { EventsLogger } from './events-logger.js';

export interface PeerRatesDeps {
  readonly usage: Pick<UsageService, 'shareRates' | 'forgetRates'>;
  /** This node's rates for the accounts it limits, over the last second. */
  readonly local: () => AccountRate[];
  readonly log: EventsLogger;
  readonly now: () => number;
}

interface Rate {
  offered: number;
  accepted: number;
}

const NONE: Readonly<Rate> = Object.freeze({ offered: 0, accepted: 0 });
/** Rows of nodes that stopped are removed after this long. */
const PRUNE_AFTER_MS = 60_000;

export class PeerRates {
  /** This node, as its rows name it. */
  readonly node = randomUUID();
  private peers = new Map<string, Rate>();
  private nodes = 0;
  private readAt = 0;
  private lastPrune = 0;
  private timer: NodeJS.Timeout | undefined;
  private exchanging: Promise<void> | undefined;
  private intervalMs = 1000;
  private failing = false;

  constructor(private readonly deps: PeerRatesDeps) {}

  start(intervalMs: number): void {
    this.intervalMs = intervalMs;
    this.timer = setInterval(() => void this.exchange(), intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.exchanging;
  }

  /** The other nodes' events per second for an account; zero once the last read is stale. */
  of(accountKey: string): Readonly<Rate> {
    if (this.deps.now() - this.readAt > this.staleMs()) return NONE;
    return this.peers.get(accountKey) ?? NONE;
  }

  /** Other nodes that shared rates lately (0 alone, or once the last read is stale). */
  peerNodes(): number {
    return this.deps.now() - this.readAt > this.staleMs() ? 0 : this.nodes;
  }

  /** Writes this node's rates and reads the others'; never two at once. */
  exchange(): Promise<void> {
    if (this.exchanging === undefined) {
      this.exchanging = this.exchangeOnce().finally(() => {
        this.exchanging = undefined;
      });
    }
    return this.exchanging;
  }

  private async exchangeOnce(): Promise<void> {
    const now = this.deps.now();
    try {
      const rows = await this.deps.usage.shareRates(this.node, now, this.deps.local(), now - this.staleMs());
      const peers = new Map<string, Rate>();
      const nodes = new Set<string>();
      for (const row of rows) {
        nodes.add(row.node);
        const rate = peers.get(row.accountKey);
        if (rate === undefined) peers.set(row.accountKey, { offered: row.offered, accepted: row.accepted });
        else {
          rate.offered += row.offered;
          rate.accepted += row.accepted;
        }
      }
      this.peers = peers;
      this.nodes = nodes.size;
      this.readAt = now;
      if (this.failing) this.deps.log.info({}, 'sharing event rates with the other nodes again');
      this.failing = false;
      if (now - this.lastPrune >= PRUNE_AFTER_MS) {
        this.lastPrune = now;
        await this.deps.usage.forgetRates(now - PRUNE_AFTER_MS);
      }
    } catch (err) {
      // The last read goes stale by itself: each node then enforces the whole limit.
      if (!this.failing) {
        this.deps.log.warn({ err }, 'could not share event rates with the other nodes; limits are per node');
      }
      this.failing = true;
    }
  }

  /** A node's rates count while it wrote them within the last two and a half intervals. */
  private staleMs(): number {
    return this.intervalMs * 2.5;
  }
}
