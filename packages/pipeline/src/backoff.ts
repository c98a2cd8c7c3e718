/** Exponential backoff with jitter, capped, so retries never become a tight loop. */
export function backoffDelay(attempt: number, initialMs = 100, maxMs = 5000): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 20));
  // Up to 20% jitter, kept under the cap, so many nodes do not retry in step.
  return Math.min(maxMs, base * (0.8 + Math.random() * 0.2));
}

/** A sleep that a `wake()` cuts short: loops wait for work without polling hot. */
export class Wakeup {
  private resolve: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private pending = false;

  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.resolve = resolve;
      this.timer = setTimeout(() => this.fire(), ms);
    });
  }

  wake(): void {
    if (this.resolve === undefined) this.pending = true;
    else this.fire();
  }

  private fire(): void {
    clearTimeout(this.timer);
    const resolve = this.resolve;
    this.resolve = undefined;
    this.timer = undefined;
    resolve?.();
  }
}
