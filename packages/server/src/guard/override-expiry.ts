/**
 * Writes the end of operators' overrides once their expiry passes. Enforcement does not
 * wait for it (every node's guard leaves an expired rule out at once); this makes the
 * expiry visible in the flag, the account's history and the audit log. It looks at the
 * committed system flags each tick (memory only) and asks the database only when an
 * expired override rule is still there, which after a restart includes any that expired
 * while the node was down. Every node runs one; the control plane makes sure a single
 * one writes each end.
 */
import type { OverrideService } from '@switchyard/control-plane';
import type { EventsLogger } from './events-logger.js';
import type { SystemFlags } from './system-flags.js';

export interface OverrideExpiryDeps {
  readonly overrides: Pick<OverrideService, 'expireDue'>;
  readonly systemFlags: Pick<SystemFlags, 'hasExpiredOverrides'>;
  readonly log: EventsLogger;
  readonly now: () => number;
}

export class OverrideExpiry {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: OverrideExpiryDeps) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One look; never two at once. */
  tick(): Promise<void> {
    if (this.running !== undefined || !this.deps.systemFlags.hasExpiredOverrides(this.deps.now())) {
      return this.running ?? Promise.resolve();
    }
    this.running = this.deps.overrides
      .expireDue()
      .then((ended) => {
        for (const o of ended) {
          this.deps.log.info(
            { account: o.accountKey, kind: o.kind, override: o.id, expiresAt: o.expiresAt },
            'override expired; the account is back to its usual limits',
          );
        }
      })
      .catch((err: unknown) => this.deps.log.warn({ err }, 'could not write the end of expired overrides'))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }
}
