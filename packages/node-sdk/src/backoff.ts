/**
 * Reconnection delays: doubling from `initialMs` to `maxMs`, each jittered into its upper half so
 * a fleet that lost the same server does not return in step. A connection that stayed up for
 * `resetAfterMs` starts again from the initial delay.
 */
export class Backoff {
  private attempt = 0;
  private goodSince: number | undefined;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs = 30_000,
    private readonly resetAfterMs = 60_000,
    private readonly random: () => number = Math.random,
  ) {}

  /** The connection works (data arrived). */
  succeeded(now = Date.now()): void {
    this.goodSince ??= now;
  }

  /** The connection failed or ended: how long to wait before the next try. */
  nextDelay(now = Date.now()): number {
    if (this.goodSince !== undefined && now - this.goodSince >= this.resetAfterMs) this.attempt = 0;
    this.goodSince = undefined;
    const ceiling = Math.min(this.maxMs, this.initialMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return ceiling / 2 + (this.random() * ceiling) / 2;
  }
}
