/**
 * OpenFeature's evaluation context as a LaunchDarkly context: `targetingKey` is the key, `kind`
 * names the context kind (default `user`), `kind: 'multi'` makes every object attribute a context
 * of that kind, and `privateAttributes` becomes `_meta.privateAttributes`. Dates become RFC 3339
 * strings, which the date operators read.
 */
import type { EvaluationContext, EvaluationContextValue } from '@openfeature/server-sdk';
import type { JsonValue } from '@switchyard/engine';

export interface TranslatedContext {
  /** A LaunchDarkly context (the SDK's `LDContext`), as JSON. */
  readonly context: Readonly<Record<string, JsonValue>>;
  /** True when a context (or a part of a multi-context) has neither `targetingKey` nor `key`. */
  readonly keyMissing: boolean;
}

type Attributes = Readonly<Record<string, EvaluationContextValue>>;

function toJson(value: EvaluationContextValue): JsonValue {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [name, inner] of Object.entries(value)) {
      if (inner !== undefined) out[name] = toJson(inner);
    }
    return out;
  }
  return value;
}

function isAttributes(value: unknown): value is Attributes {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

function single(
  attributes: Attributes,
  kind: string,
): { context: Record<string, JsonValue>; keyMissing: boolean } {
  const context: Record<string, JsonValue> = { kind };
  const key = attributes.targetingKey ?? attributes.key;
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || name === 'targetingKey' || name === 'key' || name === 'kind') continue;
    if (name === 'privateAttributes' && Array.isArray(value)) {
      context._meta = { privateAttributes: value.filter((a) => typeof a === 'string') };
      continue;
    }
    context[name] = toJson(value);
  }
  if (typeof key === 'string') context.key = key;
  return { context, keyMissing: typeof key !== 'string' || key === '' };
}

export function toLdContext(evaluationContext: EvaluationContext): TranslatedContext {
  const kind = typeof evaluationContext.kind === 'string' ? evaluationContext.kind : 'user';
  if (kind !== 'multi') return single(evaluationContext, kind);
  const context: Record<string, JsonValue> = { kind: 'multi' };
  let keyMissing = false;
  for (const [name, value] of Object.entries(evaluationContext)) {
    if (name === 'kind' || name === 'targetingKey' || !isAttributes(value)) continue;
    const part = single(value, name);
    context[name] = part.context;
    keyMissing ||= part.keyMissing;
  }
  return { context, keyMissing };
}
