/**
 * The operational flags as ingest sees them: the system environment's in-memory
 * snapshot (the same change feed as customers' flags, so a write is enforced on the
 * next request), evaluated in process for an `account` context. Expired circuit-breaker
 * rules are left out as soon as they expire, before the sweeper removes them. Missing
 * or unusable data fails open: accept, no extra limit, keep everything.
 */
import {
  createEvaluator,
  type Evaluator,
  type FlagJson,
  parseContext,
  prepareSnapshot,
  type Snapshot,
} from '@switchyard/engine';
import { type EnvironmentData, PREPARE_OPTIONS } from '../delivery/environment-snapshots.js';
import { type BreakerRule, breakerRules, isExpiredRule, parseBreakerRuleId } from './breaker-rules.js';
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

function buildView(data: EnvironmentData, now: number): View {
  const flag = data.flags[OPS_FLAGS.throttled];
  const rules = flag?.rules ?? [];
  let validUntil = Number.POSITIVE_INFINITY;
  for (const rule of breakerRules(rules)) {
    if (rule.expiresAt > now) validUntil = Math.min(validUntil, rule.expiresAt);
  }
  if (flag === undefined || !rules.some((rule) => isExpiredRule(rule, now))) {
    return { data, snapshot: data.snapshot, validUntil };
  }
  const live: FlagJson = { ...flag, rules: rules.filter((rule) => !isExpiredRule(rule, now)) };
  const snapshot = prepareSnapshot(
    {
      flags: { ...data.flags, [OPS_FLAGS.throttled]: live },
      segments: data.segments,
    },
    PREPARE_OPTIONS,
  );
  return { data, snapshot, validUntil };
}
