/**
 * A token bucket of events per second whose balance may go negative: a batch that
 * arrives while tokens remain is accepted whole and leaves the bucket in debt, and
 * while in debt the next batches are refused before their bodies are read.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private rate: number,
    now: number,
  ) {
    this.tokens = rate;
    this.updatedAt = now;
  }

  /** Follows a changed limit; the balance is kept, within the new burst. */
  setRate(rate: number): void {
    if (rate === this.rate) return;
    this.rate = rate;
    this.tokens = Math.min(this.tokens, rate);
  }

  /** Whether the bucket is in debt (a batch now would be refused). */
  inDebt(now: number): boolean {
    this.refill(now);
    return this.tokens < 0 || this.rate === 0;
  }

  /** Whole seconds until the debt is paid off (at least 1, at most 60). */
  retryAfterSeconds(now: number): number {
    this.refill(now);
    if (this.rate === 0) return 60;
    return Math.min(60, Math.max(1, Math.ceil(-this.tokens / this.rate)));
  }

  take(count: number, now: number): void {
    this.refill(now);
    this.tokens -= count;
  }

  private refill(now: number): void {
    const elapsed = now - this.updatedAt;
    if (elapsed <= 0) return;
    this.updatedAt = now;
    // The burst is one second's worth of events.
    this.tokens = Math.min(this.rate, this.tokens + (elapsed / 1000) * this.rate);
  }
}
