import { readAttribute } from './attribute-reference.js';
import { bucket, bucketableValue, type Sha1Hex } from './bucketing.js';
import type { Context } from './context.js';
import type { Evaluation } from './evaluation.js';
import type { PreparedClause } from './prepare-clause.js';
import type { PreparedFlag } from './prepare-flag.js';
import type { PreparedSegment } from './prepare-segment.js';
import { MALFORMED, type Serve } from './prepare-serve.js';
import { type BigSegmentsStatus, errorReason } from './reason.js';
import type { Snapshot } from './snapshot.js';

/** Big Segment membership for one context key: `"<segmentKey>.g<generation>"` to in (true) or out (false). */
export type BigSegmentMembership = Readonly<Record<string, boolean | null | undefined>>;

/** Looks up Big Segment membership; undefined means no store is configured. */
export type BigSegmentsLookup = (
  contextKey: string,
) =>
  | { readonly membership: BigSegmentMembership | undefined; readonly status: BigSegmentsStatus }
  | undefined;

export interface EvaluatorOptions {
  readonly sha1Hex: Sha1Hex;
  readonly bigSegments?: BigSegmentsLookup;
}

export interface Evaluator {
  evaluate(snapshot: Snapshot, flagKey: string, context: Context): Evaluation;
}

const FLAG_NOT_FOUND: Evaluation = Object.freeze({
  value: null,
  variationIndex: null,
  reason: errorReason('FLAG_NOT_FOUND'),
});
const USER_NOT_SPECIFIED: Evaluation = Object.freeze({
  value: null,
  variationIndex: null,
  reason: errorReason('USER_NOT_SPECIFIED'),
});

/**
 * How deep prerequisite chains and segment references may nest. Cycles are caught
 * exactly; this bounds acyclic chains, so no data can exhaust the stack.
 */
const MAX_DEPTH = 64;

/** A clause or rule outcome: matched, not matched, or the data is malformed. */
type Match = boolean | 'malformed';

const STATUS_PRIORITY: Record<BigSegmentsStatus, number> = {
  HEALTHY: 1,
  STALE: 2,
  STORE_ERROR: 3,
  NOT_CONFIGURED: 4,
};

/** What one top-level evaluation has seen; created lazily, since most flags need none of it. */
class Scope {
  /** Flags on the current prerequisite path, for cycle detection. */
  readonly flagPath: string[] = [];
  /** Segments on the current segmentMatch path, for cycle detection. */
  readonly segmentPath: string[] = [];
  prerequisites: string[] | undefined;
  bigSegmentsStatus: BigSegmentsStatus | undefined;
  readonly memberships = new Map<string, BigSegmentMembership | undefined>();

  noteStatus(status: BigSegmentsStatus): void {
    const current = this.bigSegmentsStatus;
    if (current === undefined || STATUS_PRIORITY[status] >= STATUS_PRIORITY[current])
      this.bigSegmentsStatus = status;
  }
}

/**
 * Evaluates prepared flags exactly as LaunchDarkly's SDKs do (reference/ld-protocol.md
 * §5). Synchronous and allocation-light: most results are prebuilt in the snapshot.
 */
class LdEvaluator implements Evaluator {
  constructor(private readonly options: EvaluatorOptions) {}

  evaluate(snapshot: Snapshot, flagKey: string, context: Context): Evaluation {
    if (!context.valid) return USER_NOT_SPECIFIED;
    const flag = snapshot.flags.get(flagKey);
    if (flag === undefined) return FLAG_NOT_FOUND;
    if (!flag.on) return flag.off;
    if (!flag.needsScope) return this.evaluateFlag(snapshot, flag, context, undefined);
    const scope = new Scope();
    scope.flagPath.push(flag.key);
    let result = this.evaluateFlag(snapshot, flag, context, scope);
    if (scope.prerequisites !== undefined) result = { ...result, prerequisites: scope.prerequisites };
    if (scope.bigSegmentsStatus !== undefined) {
      result = { ...result, reason: { ...result.reason, bigSegmentsStatus: scope.bigSegmentsStatus } };
    }
    return result;
  }

  private evaluateFlag(
    snapshot: Snapshot,
    flag: PreparedFlag,
    context: Context,
    scope: Scope | undefined,
  ): Evaluation {
    if (!flag.on) return flag.off;
    if (scope !== undefined && flag.prerequisites.length > 0) {
      const failed = this.checkPrerequisites(snapshot, flag, context, scope);
      if (failed !== undefined) return failed;
    }
    for (const target of flag.targets) {
      const key = context.keyForKind(target.contextKind);
      if (key !== undefined && target.keys.has(key)) return target.result;
    }
    for (const rule of flag.rules) {
      const match = this.matchClauses(snapshot, rule.clauses, context, scope);
      if (match === 'malformed') return MALFORMED;
      if (match) return this.serve(rule.serve, context);
    }
    return this.serve(flag.fallthrough, context);
  }

  private checkPrerequisites(
    snapshot: Snapshot,
    flag: PreparedFlag,
    context: Context,
    scope: Scope,
  ): Evaluation | undefined {
    const topLevel = scope.flagPath.length === 1;
    for (const prerequisite of flag.prerequisites) {
      if (scope.flagPath.includes(prerequisite.key) || scope.flagPath.length >= MAX_DEPTH) return MALFORMED;
      const prerequisiteFlag = snapshot.flags.get(prerequisite.key);
      if (prerequisiteFlag === undefined) return prerequisite.failed;
      scope.flagPath.push(prerequisite.key);
      const result = this.evaluateFlag(snapshot, prerequisiteFlag, context, scope);
      scope.flagPath.pop();
      if (topLevel) {
        scope.prerequisites ??= [];
        scope.prerequisites.push(prerequisite.key);
      }
      if (result.reason.kind === 'ERROR') return result;
      // A prerequisite that is off fails even if its off variation is the one required.
      if (!prerequisiteFlag.on || result.variationIndex !== prerequisite.variation)
        return prerequisite.failed;
    }
    return undefined;
  }

  private matchClauses(
    snapshot: Snapshot,
    clauses: readonly PreparedClause[],
    context: Context,
    scope: Scope | undefined,
  ): Match {
    for (const clause of clauses) {
      const match = this.matchClause(snapshot, clause, context, scope);
      if (match !== true) return match;
    }
    return true;
  }

  private matchClause(
    snapshot: Snapshot,
    clause: PreparedClause,
    context: Context,
    scope: Scope | undefined,
  ): Match {
    switch (clause.type) {
      case 'attribute': {
        const attributes = context.forKind(clause.contextKind);
        if (attributes === undefined) return false;
        const value = readAttribute(attributes, clause.ref);
        // A missing attribute never matches, whatever `negate` says.
        if (value === undefined || value === null) return false;
        const matched = Array.isArray(value) ? value.some(clause.test) : clause.test(value);
        return matched !== clause.negate;
      }
      case 'kind':
        return context.kinds.some(clause.test) !== clause.negate;
      case 'segment': {
        const match = this.matchAnySegment(snapshot, clause.segmentKeys, context, scope ?? new Scope());
        return match === 'malformed' ? match : match !== clause.negate;
      }
      default:
        return 'malformed';
    }
  }

  private matchAnySegment(
    snapshot: Snapshot,
    keys: readonly string[],
    context: Context,
    scope: Scope,
  ): Match {
    for (const key of keys) {
      const segment = snapshot.segments.get(key);
      if (segment === undefined) continue;
      if (scope.segmentPath.includes(key) || scope.segmentPath.length >= MAX_DEPTH) return 'malformed';
      scope.segmentPath.push(key);
      const match = this.matchSegment(snapshot, segment, context, scope);
      scope.segmentPath.pop();
      if (match !== false) return match;
    }
    return false;
  }

  private matchSegment(snapshot: Snapshot, segment: PreparedSegment, context: Context, scope: Scope): Match {
    if (segment.unbounded) return this.matchBigSegment(snapshot, segment, context, scope);
    const userKey = context.keyForKind('user');
    if (userKey !== undefined && segment.included.has(userKey)) return true;
    for (const target of segment.includedContexts) {
      const key = context.keyForKind(target.contextKind);
      if (key !== undefined && target.keys.has(key)) return true;
    }
    if (userKey !== undefined && segment.excluded.has(userKey)) return false;
    for (const target of segment.excludedContexts) {
      const key = context.keyForKind(target.contextKind);
      if (key !== undefined && target.keys.has(key)) return false;
    }
    return this.matchSegmentRules(snapshot, segment, context, scope);
  }

  private matchSegmentRules(
    snapshot: Snapshot,
    segment: PreparedSegment,
    context: Context,
    scope: Scope,
  ): Match {
    for (const rule of segment.rules) {
      const match = this.matchClauses(snapshot, rule.clauses, context, scope);
      if (match === 'malformed') return match;
      if (!match) continue;
      if (rule.weight === undefined) return true;
      if (!rule.bucketBy.valid) return 'malformed';
      const attributes = context.forKind(rule.rolloutContextKind);
      // A context without the rollout's kind is not in a weighted rule (LaunchDarkly's Go evaluator).
      if (attributes === undefined) return false;
      const value = bucketableValue(readAttribute(attributes, rule.bucketBy));
      const b = value === undefined ? 0 : bucket(this.options.sha1Hex, segment.bucketPrefix, value);
      return b < rule.weight;
    }
    return false;
  }

  private matchBigSegment(
    snapshot: Snapshot,
    segment: PreparedSegment,
    context: Context,
    scope: Scope,
  ): Match {
    const key = context.keyForKind(segment.unboundedContextKind);
    if (key === undefined) return false;
    if (segment.generation === undefined) {
      // Data written without a generation cannot be looked up.
      scope.noteStatus('NOT_CONFIGURED');
      return false;
    }
    let membership = scope.memberships.get(key);
    if (!scope.memberships.has(key)) {
      const found = this.options.bigSegments?.(key);
      membership = found?.membership;
      scope.memberships.set(key, membership);
      scope.noteStatus(found?.status ?? 'NOT_CONFIGURED');
    }
    const included = membership?.[`${segment.key}.g${segment.generation}`];
    if (included === true || included === false) return included;
    return this.matchSegmentRules(snapshot, segment, context, scope);
  }

  private serve(serve: Serve, context: Context): Evaluation {
    if (serve.type === 'fixed') return serve.result;
    if (!serve.bucketBy.valid) return MALFORMED;
    const attributes = context.forKind(serve.contextKind);
    let b = 0;
    if (attributes !== undefined) {
      const value = bucketableValue(readAttribute(attributes, serve.bucketBy));
      if (value !== undefined) b = bucket(this.options.sha1Hex, serve.prefix, value);
    }
    const { bounds } = serve;
    for (let i = 0; i < bounds.length; i++) {
      if (b < (bounds[i] as number)) {
        // A context without the rollout's kind is never counted in the experiment.
        return (
          serve.isExperiment && attributes !== undefined ? serve.tracked[i] : serve.plain[i]
        ) as Evaluation;
      }
    }
    // Past the last bound (weights short of 100%, or rounding): the last bucket.
    const last = bounds.length - 1;
    return (serve.isExperiment ? serve.tracked[last] : serve.plain[last]) as Evaluation;
  }
}

export function createEvaluator(options: EvaluatorOptions): Evaluator {
  return new LdEvaluator(options);
}
