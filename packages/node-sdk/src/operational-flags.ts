/**
 * Helpers for operational flags (a kill switch, a limit), the pattern Switchyard's own pipeline
 * uses: each answer is cached per flag and context for a short time, so a hot path pays a map
 * lookup, and the stated safe value is served when there is no data or the flag has the wrong type.
 * The cache is bounded by count (the oldest entry goes first) and emptied on every data change.
 */
import type { EvaluationDetail, JsonValue } from '@switchyard/engine';

/** `failOpen`: without an answer, it is not cut off; `failClosed`: without an answer, it is. */
export type KillSwitchMode = { readonly failOpen: true } | { readonly failClosed: true };

type Context = object;

export interface OperationalFlagOptions {
  readonly cacheMs: number;
  readonly cacheSize: number;
  /** The flag's detail for a context (with its analytics event), for a cache miss. */
  readonly evaluate: (key: string, context: Context, defaultValue: JsonValue) => EvaluationDetail;
  readonly now?: () => number;
}

/** A context's identity for the cache: its kind and key, or each kind and key of a multi-context. */
function contextKey(raw: Context): string {
  const context = raw as Readonly<Record<string, unknown>>;
  if (context.kind !== 'multi') return `${String(context.kind ?? 'user')}:${String(context.key)}`;
  return Object.keys(context)
    .filter((kind) => kind !== 'kind')
    .sort()
    .map((kind) => `${kind}:${String((context[kind] as { key?: unknown } | undefined)?.key)}`)
    .join('|');
}

export class OperationalFlags {
  private readonly cache = new Map<string, { value: JsonValue; until: number }>();
  private readonly now: () => number;

  constructor(private readonly options: OperationalFlagOptions) {
    this.now = options.now ?? Date.now;
  }

  /** True when the feature behind `key` is cut off: the flag serves false (true means it runs). */
  killSwitch(key: string, context: Context, mode: KillSwitchMode): boolean {
    const safe = 'failOpen' in mode;
    const runs = this.cached(`k|${key}|${safe}`, key, context, safe, 'boolean');
    return runs !== true;
  }

  limit(key: string, context: Context, defaultValue: number): number {
    return this.cached(`l|${key}|${defaultValue}`, key, context, defaultValue, 'number') as number;
  }

  /** Data changed: forget every answer. */
  clear(): void {
    this.cache.clear();
  }

  private cached(
    prefix: string,
    key: string,
    context: Context,
    safe: boolean | number,
    type: 'boolean' | 'number',
  ): JsonValue {
    const id = `${prefix}|${contextKey(context)}`;
    const now = this.now();
    const hit = this.cache.get(id);
    if (hit !== undefined && hit.until > now) return hit.value;
    const detail = this.options.evaluate(key, context, safe);
    const value = detail.reason.kind !== 'ERROR' && typeof detail.value === type ? detail.value : safe;
    this.cache.delete(id);
    if (this.cache.size >= this.options.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(id, { value, until: now + this.options.cacheMs });
    return value;
  }
}
