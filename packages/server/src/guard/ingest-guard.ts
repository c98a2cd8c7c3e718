/**
 * The guard in front of the event pipeline (docs/adr/0005). `door()` runs before the
 * body is read: the kill switch, the circuit breaker's throttle, global and per-account
 * shedding, the monthly quota and the per-second token bucket's debt. `admit()` runs
 * after the body is parsed: it takes the batch's tokens and feeds the breaker. The
 * parser samples, at the ratio the door's decision carries.
 * With several nodes, an account's bucket fills at this node's share of its limit and
 * the breaker watches the account's rate across all of them (PeerRates).
 * Everything is in memory; nothing here touches the database.
 */
import type { Account, AccountRate, DropReason } from '@switchyard/control-plane';
import type { CircuitBreaker } from './circuit-breaker.js';
import { MinuteSeries } from './minute-series.js';
import type { PeerRates } from './peer-rates.js';
import { RateWindow } from './rate-window.js';
import type { AccountContext, OpsDecision, SystemFlags } from './system-flags.js';
import { TokenBucket } from './token-bucket.js';
import type { UsageMeter } from './usage-meter.js';

export interface GuardDeps {
  readonly systemFlags: Pick<SystemFlags, 'evaluate'>;
  readonly meter: Pick<UsageMeter, 'eventsThisMonth'>;
  readonly breaker: Pick<CircuitBreaker, 'observe'>;
  /** The other nodes' rates per account (none on a single node). */
  readonly peers: Pick<PeerRates, 'of'>;
  readonly now: () => number;
  /** Retry-After for a throttle without an expiry (a person's own rule). */
  readonly throttleRetrySeconds: number;
}

/** Per-account state of this node. */
class AccountState {
  bucket: TokenBucket | undefined;
  readonly offered = new RateWindow();
  readonly accepted = new RateWindow();
  readonly acceptedMinutes = new MinuteSeries();
  /** Mean events per batch, to estimate the batches refused unread. */
  meanBatch = 0;
  shedUntil = 0;
  /** Whether the account had a per-second limit when last seen: only then are its rates shared. */
  limited = false;

  estimate(): number {
    return Math.max(1, Math.round(this.meanBatch));
  }
}

/** One account's traffic on one node (see `activity`). */
export interface AccountActivity {
  /** Events per second over the last second. */
  readonly offered: number;
  readonly accepted: number;
  /** Accepted events per wall-clock minute over the last fifteen, oldest first. */
  readonly acceptedPerMinute: readonly number[];
}

export type RefusalReason = Extract<DropReason, 'rate-limit' | 'circuit-breaker' | 'shed'>;

export type DoorVerdict =
  | {
      readonly kind: 'pass';
      readonly state: AccountState;
      readonly decision: OpsDecision;
      readonly limit: number | undefined;
    }
  /** 202 without reading the body; `events` is an estimate. */
  | { readonly kind: 'drop'; readonly reason: 'kill-switch' | 'quota'; readonly events: number }
  | {
      readonly kind: 'refuse';
      readonly reason: RefusalReason;
      readonly status: 429 | 503;
      readonly retryAfter: number;
      readonly events: number;
    };

export type PassVerdict = Extract<DoorVerdict, { kind: 'pass' }>;

export class IngestGuard {
  private readonly states = new Map<string, AccountState>();
  private shedUntil = 0;

  constructor(private readonly deps: GuardDeps) {}

  context(account: Account): AccountContext {
    const eventsThisMonth = this.deps.meter.eventsThisMonth(account.key);
    const monthly = account.limits.eventsPerMonth;
    return monthly === undefined
      ? { kind: 'account', key: account.key, plan: account.plan, eventsThisMonth, percentUsed: 0 }
      : {
          kind: 'account',
          key: account.key,
          plan: account.plan,
          eventsThisMonth,
          monthlyLimit: monthly,
          percentUsed: monthly === 0 ? 100 : (eventsThisMonth / monthly) * 100,
        };
  }

  /** The operational flags for an account now, and its effective per-second limit. */
  inspect(account: Account): { decision: OpsDecision; limit: number | undefined } {
    const decision = this.deps.systemFlags.evaluate(this.context(account), this.deps.now());
    return { decision, limit: decision.perSecondLimit ?? account.limits.eventsPerSecond };
  }

  door(account: Account): DoorVerdict {
    const now = this.deps.now();
    const state = this.state(account.key);
    const { decision, limit } = this.inspect(account);
    if (!decision.ingest) return { kind: 'drop', reason: 'kill-switch', events: state.estimate() };
    const events = state.estimate();
    if (decision.throttle !== undefined) {
      state.offered.add(now, events);
      const { expiresAt } = decision.throttle;
      const retryAfter =
        expiresAt === undefined
          ? this.deps.throttleRetrySeconds
          : Math.max(1, Math.ceil((expiresAt - now) / 1000));
      return { kind: 'refuse', reason: 'circuit-breaker', status: 429, retryAfter, events };
    }
    if (now < this.shedUntil) return { kind: 'refuse', reason: 'shed', status: 503, retryAfter: 1, events };
    if (now < state.shedUntil) return { kind: 'refuse', reason: 'shed', status: 429, retryAfter: 1, events };
    const monthly = account.limits.eventsPerMonth;
    if (monthly !== undefined && this.deps.meter.eventsThisMonth(account.key) >= monthly) {
      return { kind: 'drop', reason: 'quota', events };
    }
    state.limited = limit !== undefined;
    if (limit !== undefined) {
      const bucket = this.bucket(state, account.key, limit, now);
      if (bucket.inDebt(now)) {
        state.offered.add(now, events);
        this.deps.breaker.observe(account.key, this.offered(state, account.key, now), limit, decision);
        return {
          kind: 'refuse',
          reason: 'rate-limit',
          status: 429,
          retryAfter: bucket.retryAfterSeconds(now),
          events,
        };
      }
    }
    return { kind: 'pass', state, decision, limit };
  }

  /** After parsing: takes the post's tokens and feeds the breaker (sampling is the parser's). */
  admit(verdict: PassVerdict, accountKey: string, events: number): void {
    const now = this.deps.now();
    const { state, decision, limit } = verdict;
    state.meanBatch = state.meanBatch === 0 ? events : state.meanBatch * 0.8 + events * 0.2;
    state.offered.add(now, events);
    if (limit !== undefined) this.bucket(state, accountKey, limit, now).take(events, now);
    this.deps.breaker.observe(accountKey, this.offered(state, accountKey, now), limit, decision);
  }

  accepted(verdict: PassVerdict, events: number): void {
    const now = this.deps.now();
    verdict.state.accepted.add(now, events);
    verdict.state.acceptedMinutes.add(now, events);
  }

  /** Every account this node accepted events of in the last minutes: its rates now and its events per minute. */
  activity(): Record<string, AccountActivity> {
    const now = this.deps.now();
    const found: Record<string, AccountActivity> = {};
    for (const [accountKey, state] of this.states) {
      const offered = state.offered.perSecond(now);
      if (offered === 0 && !state.acceptedMinutes.active(now)) continue;
      found[accountKey] = {
        offered,
        accepted: state.accepted.perSecond(now),
        acceptedPerMinute: state.acceptedMinutes.read(now),
      };
    }
    return found;
  }

  /** The pipeline shed a batch: refuse at the door for a moment instead of reading bodies. */
  shed(accountKey: string, reason: 'spool-full' | 'account-share', retryAfterSeconds: number): void {
    const until = this.deps.now() + Math.min(1000, retryAfterSeconds * 1000);
    if (reason === 'spool-full') this.shedUntil = until;
    else this.state(accountKey).shedUntil = until;
  }

  /** Events per second offered and accepted in the last second, by this node and by all of them. */
  rates(accountKey: string): {
    node: { offered: number; accepted: number };
    cluster: { offered: number; accepted: number };
  } {
    const now = this.deps.now();
    const state = this.states.get(accountKey);
    const node = state
      ? { offered: state.offered.perSecond(now), accepted: state.accepted.perSecond(now) }
      : { offered: 0, accepted: 0 };
    const peers = this.deps.peers.of(accountKey);
    return {
      node,
      cluster: { offered: node.offered + peers.offered, accepted: node.accepted + peers.accepted },
    };
  }

  /** This node's rates for the accounts with a per-second limit that it saw in the last second. */
  limitedRates(): AccountRate[] {
    const now = this.deps.now();
    const rates: AccountRate[] = [];
    for (const [accountKey, state] of this.states) {
      if (!state.limited) continue;
      const offered = state.offered.perSecond(now);
      if (offered > 0) rates.push({ accountKey, offered, accepted: state.accepted.perSecond(now) });
    }
    return rates;
  }

  private state(accountKey: string): AccountState {
    let state = this.states.get(accountKey);
    if (state === undefined) {
      state = new AccountState();
      this.states.set(accountKey, state);
    }
    return state;
  }

  /** The account's offered events per second across the nodes, for the breaker. */
  private offered(state: AccountState, accountKey: string, now: number): number {
    return state.offered.perSecond(now) + this.deps.peers.of(accountKey).offered;
  }

  /**
   * The bucket fills at this node's share of the limit: in proportion to the traffic it
   * is offered against the other nodes' (the whole limit when it is alone). The shares
   * add up to the limit, and each is at least what its node is offered while the
   * account's total stays under the limit.
   */
  private bucket(state: AccountState, accountKey: string, limit: number, now: number): TokenBucket {
    const peers = this.deps.peers.of(accountKey).offered;
    let rate = limit;
    if (peers > 0 && limit > 0) {
      // A node not yet offered anything this second counts the batch at its door.
      const own = Math.max(state.offered.perSecond(now), state.estimate());
      rate = (limit * own) / (own + peers);
    }
    if (state.bucket === undefined) state.bucket = new TokenBucket(rate, now);
    else state.bucket.setRate(rate);
    return state.bucket;
  }
}
