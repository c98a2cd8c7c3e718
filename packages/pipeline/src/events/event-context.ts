/**
 * The contexts an analytics event can carry (reference/ld-protocol.md §3.3, §4.5): the
 * current inline `context` (single or multi-kind, or a legacy user without `kind`), the
 * older `contextKeys` map, and the legacy `user` object or `userKey` string. Insights
 * only need each context's kind and key, so that is all that is checked and read.
 */

import { CONTEXT_LIMITS, type ContextLimit, exceededContextLimit } from '@switchyard/engine';

const KIND_PATTERN = /^[\w.-]+$/;

/** Keys past this length are refused rather than stored in insights. */
export const MAX_KEY_LENGTH = 1024;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Valid kinds seen so far, so the pattern runs once per kind rather than once per event.
const validKinds = new Set<string>(['user']);
const MAX_REMEMBERED_KINDS = 1000;

/** Why a context kind is unusable, or undefined when it is a valid kind. */
function kindProblem(kind: string): string | undefined {
  if (validKinds.has(kind)) return undefined;
  if (kind === 'kind' || kind === 'multi' || !KIND_PATTERN.test(kind)) {
    return 'must be a context kind made of letters, digits, ".", "_" or "-" (not "kind" or "multi")';
  }
  if (kind.length > MAX_KEY_LENGTH) return `must be at most ${MAX_KEY_LENGTH} characters long`;
  if (validKinds.size < MAX_REMEMBERED_KINDS) validKinds.add(kind);
  return undefined;
}

function keyProblem(key: unknown, allowEmpty: boolean): string | undefined {
  if (typeof key !== 'string' || (!allowEmpty && key === '')) return 'must be a non-empty string';
  return key.length > MAX_KEY_LENGTH ? `must be at most ${MAX_KEY_LENGTH} characters long` : undefined;
}

/** A problem found in a context: the pointer below the context's own path, and what is wrong. */
export interface ContextProblem {
  readonly at: string;
  readonly message: string;
  /** Set when the context breaks one of the engine's CONTEXT_LIMITS, which a public request may not. */
  readonly limit?: ContextLimit;
}

/** Escapes one JSON-pointer segment (RFC 6901). */
export function pointerSegment(segment: string): string {
  return segment.includes('~') || segment.includes('/')
    ? segment.replaceAll('~', '~0').replaceAll('/', '~1')
    : segment;
}

/** Checks an inline `context` (or legacy `user`) far enough to take each kind and key from it. */
export function contextProblem(context: unknown): ContextProblem | undefined {
  if (!isObject(context)) return { at: '', message: 'must be an object with kind and key' };
  const limit = exceededContextLimit(context);
  if (limit !== undefined) {
    return { at: '', message: `breaks the context limit on ${limit} (${CONTEXT_LIMITS[limit]})`, limit };
  }
  const kind = context.kind;
  if (kind === undefined) {
    // A legacy user: no kind, and an empty key is allowed (§4.5).
    const problem = keyProblem(context.key, true);
    return problem === undefined ? undefined : { at: '/key', message: problem };
  }
  if (typeof kind !== 'string') return { at: '/kind', message: 'must be a string' };
  if (kind !== 'multi') {
    const problem = kindProblem(kind);
    if (problem !== undefined) return { at: '/kind', message: problem };
    const key = keyProblem(context.key, false);
    return key === undefined ? undefined : { at: '/key', message: key };
  }
  let kinds = 0;
  for (const name in context) {
    if (name === 'kind' || !Object.hasOwn(context, name)) continue;
    const segment = `/${pointerSegment(name)}`;
    const problem = kindProblem(name);
    if (problem !== undefined) return { at: segment, message: `is not a valid kind: it ${problem}` };
    const single = context[name];
    if (!isObject(single)) return { at: segment, message: 'must be an object with a key' };
    const key = keyProblem(single.key, false);
    if (key !== undefined) return { at: `${segment}/key`, message: key };
    kinds++;
  }
  return kinds === 0 ? { at: '', message: 'is a multi-kind context with no kinds' } : undefined;
}

/** Checks a `contextKeys` map: kind → key. */
export function contextKeysProblem(contextKeys: unknown): ContextProblem | undefined {
  if (!isObject(contextKeys)) return { at: '', message: 'must be an object mapping context kinds to keys' };
  let kinds = 0;
  for (const kind in contextKeys) {
    if (!Object.hasOwn(contextKeys, kind)) continue;
    const segment = `/${pointerSegment(kind)}`;
    const problem = kindProblem(kind);
    if (problem !== undefined) return { at: segment, message: `is not a valid kind: it ${problem}` };
    const key = keyProblem(contextKeys[kind], false);
    if (key !== undefined) return { at: segment, message: key };
    kinds++;
  }
  return kinds === 0 ? { at: '', message: 'must name at least one context kind' } : undefined;
}

/** Checks a legacy `userKey`. */
export function userKeyProblem(userKey: unknown): string | undefined {
  return keyProblem(userKey, true);
}

export type ContextVisitor = (kind: string, key: string) => void;

/**
 * Calls `visit(kind, key)` for every context an event (already validated by
 * parseEventPayload) carries, whichever form it uses. Returns whether it found any.
 */
export function forEachEventContext(
  event: Readonly<Record<string, unknown>>,
  visit: ContextVisitor,
): boolean {
  const context = event.context ?? event.user;
  if (isObject(context)) {
    const kind = context.kind;
    if (kind === undefined) {
      if (typeof context.key !== 'string') return false;
      visit('user', context.key);
      return true;
    }
    if (kind !== 'multi') {
      if (typeof kind !== 'string' || typeof context.key !== 'string') return false;
      visit(kind, context.key);
      return true;
    }
    let found = false;
    for (const name in context) {
      if (name === 'kind' || !Object.hasOwn(context, name)) continue;
      const single = context[name];
      if (isObject(single) && typeof single.key === 'string') {
        visit(name, single.key);
        found = true;
      }
    }
    return found;
  }
  const contextKeys = event.contextKeys;
  if (isObject(contextKeys)) {
    let found = false;
    for (const kind in contextKeys) {
      const key = contextKeys[kind];
      if (Object.hasOwn(contextKeys, kind) && typeof key === 'string') {
        visit(kind, key);
        found = true;
      }
    }
    return found;
  }
  if (typeof event.userKey === 'string') {
    visit('user', event.userKey);
    return true;
  }
  return false;
}
