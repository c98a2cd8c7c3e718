/**
 * A token bucket per customer: `perSecond` tokens a second, a burst of at most one second's
 * worth. The rate is passed on every call, so a changed limit takes effect on the next publish.
 */
export class PerSecondLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = performance.now.bind(performance)) {}

  take(customer: string, perSecond: number): boolean {
    const now = this.now();
    const bucket = this.buckets.get(customer) ?? { tokens: perSecond, at: now };
    bucket.tokens = Math.min(perSecond, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(customer, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
