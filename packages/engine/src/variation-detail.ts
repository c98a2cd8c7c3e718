import type { Evaluation } from './evaluation.js';
import type { JsonValue } from './model.js';
import { errorReason, type Reason } from './reason.js';

/** The type an application asks for: LaunchDarkly's bool/number/string/JSON variation calls. */
export type ValueType = 'bool' | 'number' | 'string' | 'any';

/** What a `*VariationDetail` call returns to an application. */
export interface EvaluationDetail<T extends JsonValue = JsonValue> {
  readonly value: T;
  readonly variationIndex: number | null;
  readonly reason: Reason;
}

const JS_TYPE: Record<Exclude<ValueType, 'any'>, string> = {
  bool: 'boolean',
  number: 'number',
  string: 'string',
};

/**
 * Applies a typed variation call's semantics to an evaluation, as LaunchDarkly's SDKs
 * do: no variation served means the caller's default (the reason is kept); a value of
 * the wrong type means the default with ERROR/WRONG_TYPE.
 */
export function variationDetail(
  evaluation: Evaluation,
  defaultValue: boolean,
  type: 'bool',
): EvaluationDetail<boolean>;
export function variationDetail(
  evaluation: Evaluation,
  defaultValue: number,
  type: 'number',
): EvaluationDetail<number>;
export function variationDetail(
  evaluation: Evaluation,
  defaultValue: string,
  type: 'string',
): EvaluationDetail<string>;
export function variationDetail(
  evaluation: Evaluation,
  defaultValue: JsonValue,
  type?: ValueType,
): EvaluationDetail;
export function variationDetail(
  evaluation: Evaluation,
  defaultValue: JsonValue,
  type: ValueType = 'any',
): EvaluationDetail {
  const served = evaluation.variationIndex !== null;
  const value = served ? evaluation.value : defaultValue;
  if (type !== 'any' && (value === null || typeof value !== JS_TYPE[type])) {
    return { value: defaultValue, variationIndex: null, reason: errorReason('WRONG_TYPE') };
  }
  return { value, variationIndex: evaluation.variationIndex, reason: evaluation.reason };
}
