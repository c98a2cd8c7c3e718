/**
 * Counts failed sign-ins per email and per client address over a sliding window, so a
 * password cannot be guessed by brute force (ADR 0012). In memory, per node: several
 * nodes each allow the limit, which still caps guessing at a handful per window.
 */

export interface SignInThrottleOptions {
  readonly perEmail: number;
  readonly perAddress: number;
  readonly windowMs: number;
  /** Keys tracked at most (old ones are dropped first), so a flood of addresses cannot grow memory. */
  readonly maxKeys?: number;
}

export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly options: SignInThrottleOptions) {}

  /** Seconds until a sign-in may be tried again, or undefined when it may be tried now. */
  retryAfter(email: string, address: string, now: number): number | undefined {
    const waits = [
      this.wait(`email:${email}`, this.options.perEmail, now),
      this.wait(`addr:${address}`, this.options.perAddress, now),
    ].filter((w): w is number => w !== undefined);
    return waits.length === 0 ? undefined : Math.max(...waits);
  }

  failed(email: string, address: string, now: number): void {
    this.add(`email:${email}`, now);
    this.add(`addr:${address}`, now);
  }

  /** A correct password clears its email's failures (not the address's). */
  succeeded(email: string): void {
    this.failures.delete(`email:${email}`);
  }

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((at) => at > now - this.options.windowMs);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  private wait(key: string, limit: number, now: number): number | undefined {
    const list = this.recent(key, now);
    if (list.length < limit) return undefined;
    const oldest = list[list.length - limit] ?? now;
    return Math.max(1, Math.ceil((oldest + this.options.windowMs - now) / 1000));
  }

  private add(key: string, now: number): void {
    const list = this.recent(key, now);
    this.failures.delete(key);
    this.failures.set(key, [...list, now]);
    const maxKeys = this.options.maxKeys ?? 100_000;
    for (const oldest of this.failures.keys()) {
      if (this.failures.size <= maxKeys) break;
      this.failures.delete(oldest);
    }
  }
}
