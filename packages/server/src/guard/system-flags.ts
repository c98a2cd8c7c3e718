/**
 * The operational flags as ingest sees them: the system environment's in-memory
 * snapshot (the same change feed as customers' flags, so a write is enforced on the
 * next request), evaluated in process for an `account` context. Expired rules (the
 * circuit breaker's and operators' overrides) are left out as soon as they expire,
 * on every node, before one node writes their removal. Missing
 * or unusable data fails open: accept, no extra limit, keep everything.
 */
import { overrideRuleExpiry } from '@switchyard/control-plane';
import {
  createEvaluator,
  type Evaluator,
  type FlagJson,
  parseContext,
  prepareSnapshot,
  type Snapshot,
} from '@switchyard/engine';
import { type EnvironmentData, PREPARE_OPTIONS } from '../delivery/environment-snapshots.js';
import { type BreakerRule, breakerRules, parseBreakerRuleId } from './breaker-rules.js';
import { OPS_FLAGS, SYSTEM_ENVIRONMENT_ID } from './system-project.js';

export interface AccountContext {
  readonly kind: 'account';
  readonly key: string;
  readonly plan: string;
  readonly eventsThisMonth: number;
  /** Absent when the account has no monthly limit. */
  readonly monthlyLimit?: number;
  readonly percentUsed: number;
}

export interface Throttle {
  /** The rule that throttles, when a rule does (breaker rules carry an expiry). */
  readonly ruleId: string | undefined;
  readonly expiresAt: number | undefined;
}

export interface OpsDecision {
  readonly ingest: boolean;
  /** The flag's limit when it gives one (≥ 0); undefined defers to the account's own limit. */
  readonly perSecondLimit: number | undefined;
  readonly samplingRatio: number;
  readonly throttle: Throttle | undefined;
  /** A person targeted the account with false on `events-throttled`: the breaker must not trip it. */
  readonly exempt: boolean;
}

const OPEN: OpsDecision = Object.freeze({
  ingest: true,
  perSecondLimit: undefined,
  samplingRatio: 1,
  throttle: undefined,
  exempt: false,
});

type Snapshots = {
  all(): EnvironmentData[];
  onChange(listener: (data: EnvironmentData) => void): () => void;
};

interface View {
  readonly data: EnvironmentData;
  readonly snapshot: Snapshot;
  /** When the next live breaker rule expires (the view must be rebuilt then). */
  readonly validUntil: number;
}

export class SystemFlags {
  private data: EnvironmentData | undefined;
  private view: View | undefined;
  private readonly evaluator: Evaluator;
  private readonly unsubscribe: () => void;

  constructor(snapshots: Snapshots, sha1Hex: (input: string) => string) {
    this.evaluator = createEvaluator({ sha1Hex });
    this.data = snapshots.all().find((d) => d.id === SYSTEM_ENVIRONMENT_ID);
    this.unsubscribe = snapshots.onChange((data) => {
      if (data.id === SYSTEM_ENVIRONMENT_ID) this.data = data;
    });
  }

  close(): void {
    this.unsubscribe();
  }

  /** The `events-throttled` flag as committed (with any expired rules). */
  throttledFlag(): FlagJson | undefined {
    return this.data?.flags[OPS_FLAGS.throttled];
  }

  /** Whether an operator's override rule on any operational flag has expired but is still committed. */
  hasExpiredOverrides(now: number): boolean {
    const flags = this.data?.flags ?? {};
    return Object.values(OPS_FLAGS).some((key) =>
      (flags[key]?.rules ?? []).some((rule) => {
        const expiry = overrideRuleExpiry(rule.id);
        return typeof expiry === 'number' && expiry <= now;
      }),
    );
  }

  /** Breaker rules on `events-throttled` as committed, expired ones included. */
  breakerRules(): BreakerRule[] {
    return breakerRules(this.throttledFlag()?.rules ?? []);
  }

  evaluate(account: AccountContext, now: number): OpsDecision {
    const snapshot = this.snapshotAt(now);
    if (snapshot === undefined) return OPEN;
    const context = parseContext(account);
    if (!context.valid) return OPEN;
    const ingest = this.evaluator.evaluate(snapshot, OPS_FLAGS.ingest, context).value;
    const limit = this.evaluator.evaluate(snapshot, OPS_FLAGS.perSecondLimit, context).value;
    const ratio = this.evaluator.evaluate(snapshot, OPS_FLAGS.samplingRatio, context).value;
    const throttled = this.evaluator.evaluate(snapshot, OPS_FLAGS.throttled, context);
    let throttle: Throttle | undefined;
    if (throttled.value === true) {
      const ruleId = throttled.reason.kind === 'RULE_MATCH' ? throttled.reason.ruleId : undefined;
      throttle = { ruleId, expiresAt: parseBreakerRuleId(ruleId)?.expiresAt };
    }
    return {
      ingest: ingest !== false,
      perSecondLimit: typeof limit === 'number' && limit >= 0 ? limit : undefined,
      samplingRatio: typeof ratio === 'number' && ratio >= 0 && ratio <= 1 ? ratio : 1,
      throttle,
      exempt: throttled.reason.kind === 'TARGET_MATCH' && throttled.value === false,
    };
  }

  private snapshotAt(now: number): Snapshot | undefined {
    const data = this.data;
    if (data === undefined) return undefined;
    const view = this.view;
    if (view !== undefined && view.data === data && now < view.validUntil) return view.snapshot;
    this.view = buildView(data, now);
    return this.view.snapshot;
  }
}

/** When a rule stops counting (a breaker rule or an operator's override), if it ever does. */
function ruleExpiry(rule: { readonly id?: string }): number | undefined {
  return parseBreakerRuleId(rule.id)?.expiresAt ?? overrideRuleExpiry(rule.id) ?? undefined;
}

/** Whether a rule has expired: the guard leaves it out before anyone removes it. */
export function isExpired(rule: { readonly id?: string }, now: number): boolean {
  const expiry = ruleExpiry(rule);
  return expiry !== undefined && expiry <= now;
}

function buildView(data: EnvironmentData, now: number): View {
  let validUntil = Number.POSITIVE_INFINITY;
  const live: Record<string, FlagJson> = {};
  for (const key of Object.values(OPS_FLAGS)) {
    const flag = data.flags[key];
    if (flag === undefined) continue;
    const rules = flag.rules ?? [];
    for (const rule of rules) {
      const expiry = ruleExpiry(rule);
      if (expiry !== undefined && expiry > now) validUntil = Math.min(validUntil, expiry);
    }
    if (rules.some((rule) => isExpired(rule, now))) {
      live[key] = { ...flag, rules: rules.filter((rule) => !isExpired(rule, now)) };
    }
  }
  if (Object.keys(live).length === 0) return { data, snapshot: data.snapshot, validUntil };
  const snapshot = prepareSnapshot(
    { flags: { ...data.flags, ...live }, segments: data.segments },
    PREPARE_OPTIONS,
  );
  return { data, snapshot, validUntil };
}
