/**
 * Counts event usage in memory per account and month and adds it to the store as
 * deltas once a second (and on close), never on the request path. After each flush it
 * reads the month's totals back, so the figures include what other nodes added. The same
 * counts go to the per-minute and per-hour series, which it prunes once a minute.
 */
import {
  addUsage,
  emptyUsage,
  SERIES_KEPT_MS,
  type SeriesDelta,
  type SeriesGrain,
  type UsageCounts,
  type UsageDelta,
  type UsageMetric,
  type UsageService,
  usageMonth,
} from '@switchyard/control-plane';
import type { EventsLogger } from './events-logger.js';
import { SeriesBuffer } from './series-buffer.js';

const SEP = '\u0000';
const PRUNE_MS = 60_000;

export type MeterUsage = Pick<UsageService, 'record' | 'month' | 'recordSeries' | 'pruneSeries'>;

export class UsageMeter {
  private pending = new Map<string, number>();
  private inFlight = new Map<string, number>();
  /** Accepted events not yet in `stored`, per `account\0month`. */
  private readonly unflushedAccepted = new Map<string, number>();
  private stored = new Map<string, UsageCounts>();
  private storedMonth: string;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly series = new SeriesBuffer();
  private prunedAt = 0;

  constructor(
    private readonly usage: MeterUsage,
    private readonly log: EventsLogger,
    private readonly now: () => number = Date.now,
  ) {
    this.storedMonth = usageMonth(now());
  }

  /** Reads this month's totals, then flushes every `intervalMs`. */
  async start(intervalMs: number): Promise<void> {
    await this.reload().catch((err: unknown) => this.log.warn({ err }, 'could not read event usage'));
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  record(accountKey: string, metric: UsageMetric, count: number): void {
    if (count <= 0) return;
    const now = this.now();
    this.series.add(accountKey, metric, count, now);
    const month = usageMonth(now);
    const key = `${accountKey}${SEP}${month}${SEP}${metric}`;
    this.pending.set(key, (this.pending.get(key) ?? 0) + count);
    if (metric === 'accepted') {
      const id = `${accountKey}${SEP}${month}`;
      this.unflushedAccepted.set(id, (this.unflushedAccepted.get(id) ?? 0) + count);
    }
  }

  /** Accepted events this month: the store's total as last read, plus what this node has not flushed. */
  eventsThisMonth(accountKey: string): number {
    const month = usageMonth(this.now());
    const stored = month === this.storedMonth ? (this.stored.get(accountKey)?.accepted ?? 0) : 0;
    return stored + (this.unflushedAccepted.get(`${accountKey}${SEP}${month}`) ?? 0);
  }

  /** What this node counted for one account and month and has not yet written. */
  unflushed(accountKey: string, month: string): UsageCounts {
    const counts = emptyUsage();
    const prefix = `${accountKey}${SEP}${month}${SEP}`;
    for (const map of [this.pending, this.inFlight]) {
      for (const [key, count] of map) {
        if (key.startsWith(prefix)) addUsage(counts, key.slice(prefix.length) as UsageMetric, count);
      }
    }
    return counts;
  }

  /** This node's unwritten per-minute or per-hour counts of one account, from `from` on. */
  unflushedSeries(accountKey: string, grain: SeriesGrain, from: number): SeriesDelta[] {
    return this.series.unflushed(accountKey, grain, from);
  }

  /** Writes what was counted; flushes never overlap. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      await this.flushSeries();
      await this.flushOnce();
    });
    return this.flushing;
  }

  private async flushSeries(): Promise<void> {
    if (!this.series.empty) {
      const written = await this.usage.recordSeries(this.series.take()).then(
        () => true,
        (err: unknown) => {
          this.log.warn({ err }, 'could not write the event usage series; retrying');
          return false;
        },
      );
      this.series.settle(written);
    }
    const now = this.now();
    if (now - this.prunedAt < PRUNE_MS) return;
    this.prunedAt = now;
    await this.usage
      .pruneSeries(now, SERIES_KEPT_MS)
      .catch((err: unknown) => this.log.warn({ err }, 'could not prune the event usage series'));
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async flushOnce(): Promise<void> {
    if (this.pending.size === 0) {
      if (usageMonth(this.now()) !== this.storedMonth) await this.reload().catch(() => {});
      return;
    }
    this.inFlight = this.pending;
    this.pending = new Map();
    const deltas: UsageDelta[] = [];
    for (const [key, count] of this.inFlight) {
      const [accountKey, month, metric] = key.split(SEP) as [string, string, UsageMetric];
      deltas.push({ accountKey, month, metric, count });
    }
    try {
      await this.usage.record(deltas);
    } catch (err) {
      // Keep the counts for the next flush: nothing is lost while the database is away.
      for (const [key, count] of this.inFlight) this.pending.set(key, (this.pending.get(key) ?? 0) + count);
      this.inFlight = new Map();
      this.log.warn({ err }, 'could not write event usage; retrying');
      return;
    }
    const written = deltas.filter((d) => d.metric === 'accepted');
    this.inFlight = new Map();
    const reloaded = await this.reload().then(
      () => true,
      () => false,
    );
    for (const delta of written) {
      const id = `${delta.accountKey}${SEP}${delta.month}`;
      const left = (this.unflushedAccepted.get(id) ?? 0) - delta.count;
      if (left > 0) this.unflushedAccepted.set(id, left);
      else this.unflushedAccepted.delete(id);
      if (!reloaded && delta.month === this.storedMonth) {
        const counts = this.stored.get(delta.accountKey) ?? emptyUsage();
        counts.accepted += delta.count;
        this.stored.set(delta.accountKey, counts);
      }
    }
  }

  private async reload(): Promise<void> {
    const month = usageMonth(this.now());
    this.stored = await this.usage.month(month);
    this.storedMonth = month;
  }
}
