/**
 * What this node counted per account, metric and minute since its last write of the
 * usage series: taken whole by a flush (as minute and hour deltas), put back if the
 * write fails, and read by the series route so its last bucket includes this node's
 * unwritten counts.
 */
import { bucketOf, type SeriesDelta, type SeriesGrain, type UsageMetric } from '@switchyard/control-plane';

const SEP = '\u0000';

export class SeriesBuffer {
  private pending = new Map<string, number>();
  private inFlight = new Map<string, number>();

  add(accountKey: string, metric: UsageMetric, count: number, now: number): void {
    const key = `${accountKey}${SEP}${bucketOf(now, 'minute')}${SEP}${metric}`;
    this.pending.set(key, (this.pending.get(key) ?? 0) + count);
  }

  get empty(): boolean {
    return this.pending.size === 0;
  }

  /** Moves what is pending in flight and returns it as deltas of both grains. */
  take(): SeriesDelta[] {
    this.inFlight = this.pending;
    this.pending = new Map();
    const deltas: SeriesDelta[] = [];
    for (const [key, count] of this.inFlight) {
      const [accountKey, minute, metric] = key.split(SEP) as [string, string, UsageMetric];
      const bucket = Number(minute);
      deltas.push({ accountKey, grain: 'minute', bucket, metric, count });
      deltas.push({ accountKey, grain: 'hour', bucket: bucketOf(bucket, 'hour'), metric, count });
    }
    return deltas;
  }

  /** The write of what was taken ended: forget it, or keep it for the next flush. */
  settle(written: boolean): void {
    if (!written) {
      for (const [key, count] of this.inFlight) this.pending.set(key, (this.pending.get(key) ?? 0) + count);
    }
    this.inFlight = new Map();
  }

  /** One account's unwritten counts in buckets of `grain` starting at or after `from`. */
  unflushed(accountKey: string, grain: SeriesGrain, from: number): SeriesDelta[] {
    const prefix = `${accountKey}${SEP}`;
    const deltas: SeriesDelta[] = [];
    for (const map of [this.pending, this.inFlight]) {
      for (const [key, count] of map) {
        if (!key.startsWith(prefix)) continue;
        const [, minute, metric] = key.split(SEP) as [string, string, UsageMetric];
        const bucket = bucketOf(Number(minute), grain);
        if (bucket >= from) deltas.push({ accountKey, grain, bucket, metric, count });
      }
    }
    return deltas;
  }
}
