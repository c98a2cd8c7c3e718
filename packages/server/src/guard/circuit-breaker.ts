/**
 * The automatic circuit breaker (docs/adr/0005): an account whose offered rate stays
 * above `factor` times its limit for `tripAfterMs` is throttled by the system actor
 * `circuit-breaker`, which adds an expiring rule to `events-throttled` through the
 * FlagService. Being a flag change, it is audited, reaches every node and shows in the
 * dashboard, and a person overrides it: deleting the rule releases the account (and
 * the breaker leaves it alone until that rule would have expired), and targeting the
 * account with false exempts it. A sweeper removes expired rules.
 */
import type { Actor, FlagRuleConfig, FlagService } from '@switchyard/control-plane';
import type { JsonValue } from '@switchyard/engine';
import {
  type BreakerRule,
  breakerRule,
  breakerRuleId,
  isExpiredRule,
  parseBreakerRuleId,
} from './breaker-rules.js';
import type { EventsLogger } from './events-logger.js';
import type { OpsDecision, SystemFlags } from './system-flags.js';
import { OPS_FLAGS, SYSTEM_ENVIRONMENT_KEY, SYSTEM_PROJECT_KEY } from './system-project.js';

export const BREAKER_ACTOR: Actor = Object.freeze({ kind: 'system', name: 'circuit-breaker' });

export interface BreakerOptions {
  /** Trip above this multiple of the account's effective limit. */
  readonly factor: number;
  /** … sustained this long. */
  readonly tripAfterMs: number;
  /** How long a throttle lasts. */
  readonly expiryMs: number;
  /** How often expired rules are looked for. */
  readonly sweepMs: number;
}

export interface BreakerDeps {
  readonly flags: Pick<FlagService, 'get' | 'setTargeting'>;
  readonly systemFlags: Pick<SystemFlags, 'breakerRules'>;
  readonly log: EventsLogger;
  readonly now: () => number;
  readonly options: BreakerOptions;
}

type RulesChange = (
  rules: readonly FlagRuleConfig[],
  variations: readonly JsonValue[],
) => FlagRuleConfig[] | undefined;

export class CircuitBreaker {
  private readonly overSince = new Map<string, number>();
  private readonly tripping = new Set<string>();
  /** Accounts a person released early, until the removed rule's expiry. */
  private readonly released = new Map<string, number>();
  /** Live breaker rules last seen, to notice one a person deleted. */
  private known = new Map<string, BreakerRule>();
  private readonly work = new Set<Promise<unknown>>();
  private sweeping = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: BreakerDeps) {}

  start(): void {
    this.timer = setInterval(() => this.sweep(), this.deps.options.sweepMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.work]);
  }

  /** Called for every offered batch, with the account's offered events per second. */
  observe(
    accountKey: string,
    offeredPerSecond: number,
    limit: number | undefined,
    decision: OpsDecision,
  ): void {
    const { factor, tripAfterMs } = this.deps.options;
    const now = this.deps.now();
    if (
      limit === undefined ||
      limit <= 0 ||
      decision.exempt ||
      decision.throttle !== undefined ||
      offeredPerSecond <= factor * limit ||
      // A person released it: leave it alone until the rule they deleted would have expired.
      (this.released.get(accountKey) ?? 0) > now
    ) {
      this.overSince.delete(accountKey);
      return;
    }
    const since = this.overSince.get(accountKey);
    if (since === undefined) {
      this.overSince.set(accountKey, now);
      return;
    }
    if (now - since < tripAfterMs || this.tripping.has(accountKey)) return;
    this.track(this.trip(accountKey, now));
  }

  private async trip(accountKey: string, now: number): Promise<void> {
    this.tripping.add(accountKey);
    const expiresAt = now + this.deps.options.expiryMs;
    try {
      const added = await this.changeRules((rules, variations) => {
        const on = variations.indexOf(true);
        const live = rules.some((rule) => {
          const parsed = parseBreakerRuleId(rule.id);
          return parsed?.accountKey === accountKey && parsed.expiresAt > now;
        });
        if (on < 0 || live) return undefined;
        return [...rules.filter((rule) => !isExpiredRule(rule, now)), breakerRule(accountKey, expiresAt, on)];
      });
      if (added) {
        const id = breakerRuleId(accountKey, expiresAt);
        this.known.set(id, { id, accountKey, expiresAt });
        this.deps.log.warn(
          { account: accountKey, expiresAt: new Date(expiresAt).toISOString() },
          'circuit breaker: the account sends far above its limit; its events are refused until the rule expires',
        );
      }
    } catch (err) {
      this.deps.log.error({ err, account: accountKey }, 'circuit breaker could not throttle the account');
    } finally {
      // The next attempt needs another full window above the threshold.
      this.overSince.delete(accountKey);
      this.tripping.delete(accountKey);
    }
  }

  /** Notices rules a person deleted, and removes expired ones (one writer at a time per node). */
  sweep(): void {
    const now = this.deps.now();
    const rules = this.deps.systemFlags.breakerRules();
    const current = new Map(rules.map((rule) => [rule.id, rule]));
    for (const [id, rule] of this.known) {
      if (!current.has(id) && rule.expiresAt > now) this.released.set(rule.accountKey, rule.expiresAt);
    }
    this.known = new Map([...current].filter(([, rule]) => rule.expiresAt > now));
    for (const [account, until] of this.released) if (until <= now) this.released.delete(account);
    if (this.sweeping || !rules.some((rule) => rule.expiresAt <= now)) return;
    this.sweeping = true;
    this.track(
      this.changeRules((list) =>
        list.some((rule) => isExpiredRule(rule, now))
          ? list.filter((rule) => !isExpiredRule(rule, now))
          : undefined,
      )
        .catch((err: unknown) =>
          this.deps.log.warn({ err }, 'circuit breaker could not remove expired rules'),
        )
        .finally(() => {
          this.sweeping = false;
        }),
    );
  }

  /** A read-modify-write of the rules, checked by version; retried when someone else wrote first. */
  private async changeRules(change: RulesChange): Promise<boolean> {
    const { flags } = this.deps;
    for (let attempt = 0; attempt < 5; attempt++) {
      const { flag, environments } = await flags.get(SYSTEM_PROJECT_KEY, OPS_FLAGS.throttled);
      const config = environments[SYSTEM_ENVIRONMENT_KEY];
      if (config === undefined || !config.on) return false;
      const rules = change(config.rules, flag.variations);
      if (rules === undefined) return false;
      const { version, salt: _salt, ...rest } = config;
      try {
        await flags.setTargeting(
          {
            projectKey: SYSTEM_PROJECT_KEY,
            key: OPS_FLAGS.throttled,
            envKey: SYSTEM_ENVIRONMENT_KEY,
            input: { ...rest, rules },
            expectedVersion: version,
          },
          BREAKER_ACTOR,
        );
        return true;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'VERSION_CONFLICT') throw error;
      }
    }
    return false;
  }

  private track(promise: Promise<unknown>): void {
    this.work.add(promise);
    void promise.finally(() => this.work.delete(promise));
  }
}
