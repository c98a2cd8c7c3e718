/**
 * Events per second over the last second, in ten 100 ms slots: constant memory per
 * account, constant time per observation, no timer.
 */
const SLOTS = 10;
const SLOT_MS = 100;

export class RateWindow {
  private readonly counts = new Float64Array(SLOTS);
  /** The slot index (time / SLOT_MS) each position last counted for. */
  private readonly epochs = new Float64Array(SLOTS).fill(-1);

  add(now: number, count: number): void {
    const epoch = Math.floor(now / SLOT_MS);
    const i = epoch % SLOTS;
    if (this.epochs[i] !== epoch) {
      this.epochs[i] = epoch;
      this.counts[i] = 0;
    }
    this.counts[i] = (this.counts[i] ?? 0) + count;
  }

  /** Events per second counted in the last second up to `now`. */
  perSecond(now: number): number {
    const epoch = Math.floor(now / SLOT_MS);
    let sum = 0;
    for (let i = 0; i < SLOTS; i++) {
      const slotEpoch = this.epochs[i] ?? -1;
      if (slotEpoch > epoch - SLOTS && slotEpoch <= epoch) sum += this.counts[i] ?? 0;
    }
    return sum;
  }
}
