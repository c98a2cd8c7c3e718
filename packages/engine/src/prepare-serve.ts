import {
  type AttributeReference,
  KEY_REFERENCE,
  literalReference,
  parseReference,
} from './attribute-reference.js';
import type { Evaluation } from './evaluation.js';
import { arrayOf, isRecord, numberOr, stringOr } from './json.js';
import type { JsonValue } from './model.js';
import { errorReason, type Reason } from './reason.js';

export const MALFORMED: Evaluation = Object.freeze({
  value: null,
  variationIndex: null,
  reason: errorReason('MALFORMED_FLAG'),
});

/** The result of serving variation `index` for `reason`, built once per snapshot. */
export function outcome(variations: readonly JsonValue[], index: unknown, reason: Reason): Evaluation {
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= variations.length) {
    return MALFORMED;
  }
  return Object.freeze({ value: variations[index] as JsonValue, variationIndex: index, reason });
}

export interface PreparedRollout {
  readonly type: 'rollout';
  readonly contextKind: string;
  /** What is hashed; invalid makes the rollout MALFORMED_FLAG when served. */
  readonly bucketBy: AttributeReference;
  /** `seed`, or `key.salt`: the first part of the hashed string. */
  readonly prefix: string;
  readonly isExperiment: boolean;
  /** Cumulative upper bounds of each bucket, in [0, 1]. */
  readonly bounds: readonly number[];
  readonly plain: readonly Evaluation[];
  /** The same outcomes with `inExperiment: true`, or the plain one for an untracked bucket. */
  readonly tracked: readonly Evaluation[];
}

export type Serve = { readonly type: 'fixed'; readonly result: Evaluation } | PreparedRollout;

const MALFORMED_SERVE: Serve = Object.freeze({ type: 'fixed', result: MALFORMED });

/**
 * Prepares a variation-or-rollout (fallthrough or rule) for `reason`. Every result
 * it can serve is built here, so serving allocates nothing.
 */
export function prepareServe(
  raw: unknown,
  variations: readonly JsonValue[],
  reason: Reason,
  flagKey: string,
  salt: string,
): Serve {
  if (!isRecord(raw)) return MALFORMED_SERVE;
  if (typeof raw.variation === 'number')
    return { type: 'fixed', result: outcome(variations, raw.variation, reason) };
  const rollout = raw.rollout;
  if (!isRecord(rollout)) return MALFORMED_SERVE;
  const weighted = arrayOf<unknown>(rollout.variations).filter(isRecord);
  if (weighted.length === 0) return MALFORMED_SERVE;

  const isExperiment = rollout.kind === 'experiment';
  const contextKind = stringOr(rollout.contextKind, undefined);
  const bucketByName = stringOr(rollout.bucketBy, undefined);
  let bucketBy = KEY_REFERENCE;
  // Experiments always bucket by key; legacy data (no contextKind) names a literal attribute.
  if (!isExperiment && bucketByName !== undefined) {
    bucketBy = contextKind === undefined ? literalReference(bucketByName) : parseReference(bucketByName);
  }
  // The seed replaces key and salt whenever it is present (as in LaunchDarkly's Go evaluator).
  const prefix = typeof rollout.seed === 'number' ? String(rollout.seed) : `${flagKey}.${salt}`;
  const experimentReason: Reason = { ...reason, inExperiment: true } as Reason;

  const bounds: number[] = [];
  const plain: Evaluation[] = [];
  const tracked: Evaluation[] = [];
  let sum = 0;
  for (const w of weighted) {
    sum += numberOr(w.weight, 0) / 100000;
    bounds.push(sum);
    plain.push(outcome(variations, w.variation, reason));
    tracked.push(
      w.untracked === true
        ? outcome(variations, w.variation, reason)
        : outcome(variations, w.variation, experimentReason),
    );
  }
  return {
    type: 'rollout',
    contextKind: contextKind ?? 'user',
    bucketBy,
    prefix,
    isExperiment,
    bounds,
    plain,
    tracked,
  };
}
