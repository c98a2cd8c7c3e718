/**
 * Events per wall-clock minute over the last fifteen minutes, in a ring: constant memory
 * per account, no timer. Minutes are aligned to the epoch, so the series of several nodes
 * add up minute by minute.
 */
export const MINUTES = 15;
const MINUTE_MS = 60_000;

export class MinuteSeries {
  private readonly counts = new Float64Array(MINUTES);
  private readonly minutes = new Float64Array(MINUTES).fill(-1);
  /** The last minute counted (epoch minutes), to skip quiet accounts cheaply. */
  last = -1;

  add(now: number, count: number): void {
    const minute = Math.floor(now / MINUTE_MS);
    const i = minute % MINUTES;
    if (this.minutes[i] !== minute) {
      this.minutes[i] = minute;
      this.counts[i] = 0;
    }
    this.counts[i] = (this.counts[i] ?? 0) + count;
    this.last = minute;
  }

  /** Counts per minute, oldest first, the current minute last. */
  read(now: number): number[] {
    const current = Math.floor(now / MINUTE_MS);
    const series: number[] = [];
    for (let minute = current - MINUTES + 1; minute <= current; minute++) {
      const i = minute % MINUTES;
      series.push(this.minutes[i] === minute ? (this.counts[i] ?? 0) : 0);
    }
    return series;
  }

  /** Whether anything was counted in the window ending `now`. */
  active(now: number): boolean {
    return this.last > Math.floor(now / MINUTE_MS) - MINUTES;
  }
}

/** The epoch ms of the first minute `read(now)` covers. */
export function seriesStart(now: number): number {
  return (Math.floor(now / MINUTE_MS) - MINUTES + 1) * MINUTE_MS;
}
