/**
 * How big a context from a public request may be. A context is evaluated against every flag an
 * SDK may see, so its size multiplies the work one request costs; these bounds keep that cost
 * small and stop a hostile body (a 100,000-level nesting, a million attributes) before any
 * recursive code sees it. Generous for real contexts, which are a few hundred bytes.
 */
export const CONTEXT_LIMITS = Object.freeze({
  /** The context's size as JSON, in UTF-16 code units (about bytes for ASCII). */
  bytes: 64 * 1024,
  /** Properties and array elements, counted over the whole context. */
  attributes: 1000,
  /** Objects and arrays inside one another; a plain single-kind context is depth 1. */
  depth: 16,
  /** Any one string: a key, a value, or a property name. */
  stringLength: 8192,
});

export type ContextLimit = keyof typeof CONTEXT_LIMITS;

/**
 * The first limit the raw (parsed JSON) context breaks, or undefined. Iterative, and it stops at
 * the first breach, so its cost is bounded by the limits, not by the input.
 */
export function exceededContextLimit(raw: unknown): ContextLimit | undefined {
  const stack: { value: unknown; depth: number }[] = [{ value: raw, depth: 0 }];
  let bytes = 0;
  let attributes = 0;
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, depth } = item;
    if (typeof value === 'string') {
      if (value.length > CONTEXT_LIMITS.stringLength) return 'stringLength';
      bytes += value.length + 2;
    } else if (typeof value !== 'object' || value === null) {
      bytes += 8;
    } else {
      if (depth + 1 > CONTEXT_LIMITS.depth) return 'depth';
      bytes += 2;
      if (Array.isArray(value)) {
        for (const child of value) {
          if (++attributes > CONTEXT_LIMITS.attributes) return 'attributes';
          stack.push({ value: child, depth: depth + 1 });
        }
      } else {
        // for-in rather than Object.entries: a breach stops the walk before copying a wide object.
        for (const name in value) {
          if (!Object.hasOwn(value, name)) continue;
          if (++attributes > CONTEXT_LIMITS.attributes) return 'attributes';
          if (name.length > CONTEXT_LIMITS.stringLength) return 'stringLength';
          bytes += name.length + 4;
          stack.push({ value: (value as Record<string, unknown>)[name], depth: depth + 1 });
        }
      }
    }
    if (bytes > CONTEXT_LIMITS.bytes) return 'bytes';
  }
  return undefined;
}
