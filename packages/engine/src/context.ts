/**
 * LaunchDarkly contexts (reference/ld-protocol.md §4.5): single-kind, multi-kind and
 * legacy user. Parsing validates without copying (except for legacy users, which are
 * normalized once), because it runs on every evaluation.
 */

export type Attributes = Readonly<Record<string, unknown>>;

export interface Context {
  readonly valid: boolean;
  /** Why the context is invalid; undefined when valid. */
  readonly error?: string;
  /** The kinds present, in the order given. */
  readonly kinds: readonly string[];
  /** The individual context of one kind, or undefined when the context has no such kind. */
  forKind(kind: string): Attributes | undefined;
  /** The key of one kind, or undefined. */
  keyForKind(kind: string): string | undefined;
}

const KIND_PATTERN = /^[\w.-]+$/;
const knownKinds = new Set<string>(['user']);
const MAX_KNOWN_KINDS = 1000;

function isValidKind(kind: unknown): kind is string {
  if (typeof kind !== 'string') return false;
  if (knownKinds.has(kind)) return true;
  if (kind === 'kind' || kind === 'multi' || !KIND_PATTERN.test(kind)) return false;
  // Remember valid kinds so the regex runs once per kind, not once per evaluation.
  if (knownKinds.size < MAX_KNOWN_KINDS) knownKinds.add(kind);
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class SingleContext implements Context {
  readonly valid = true;
  readonly kinds: readonly string[];
  constructor(
    private readonly kind: string,
    private readonly attributes: Attributes,
  ) {
    this.kinds = [kind];
  }
  forKind(kind: string): Attributes | undefined {
    return kind === this.kind ? this.attributes : undefined;
  }
  keyForKind(kind: string): string | undefined {
    return kind === this.kind ? (this.attributes.key as string) : undefined;
  }
}

class MultiContext implements Context {
  readonly valid = true;
  constructor(
    readonly kinds: readonly string[],
    private readonly byKind: Readonly<Record<string, Attributes>>,
  ) {}
  forKind(kind: string): Attributes | undefined {
    return Object.hasOwn(this.byKind, kind) ? this.byKind[kind] : undefined;
  }
  keyForKind(kind: string): string | undefined {
    return this.forKind(kind)?.key as string | undefined;
  }
}

class InvalidContext implements Context {
  readonly valid = false;
  readonly kinds: readonly string[] = [];
  constructor(readonly error: string) {}
  forKind(): undefined {
    return undefined;
  }
  keyForKind(): undefined {
    return undefined;
  }
}

const LEGACY_BUILT_INS = ['name', 'ip', 'firstName', 'lastName', 'email', 'avatar', 'country'] as const;

function fromLegacyUser(user: Record<string, unknown>): Context {
  if (user.key === undefined || user.key === null) return new InvalidContext('the user has no key');
  const attributes: Record<string, unknown> = isObject(user.custom) ? { ...user.custom } : {};
  attributes.kind = 'user';
  // Legacy users may have any key, even an empty one; SDKs coerce it to a string.
  attributes.key = String(user.key);
  if (user.anonymous !== undefined && user.anonymous !== null) attributes.anonymous = Boolean(user.anonymous);
  else delete attributes.anonymous;
  for (const name of LEGACY_BUILT_INS) {
    const value = user[name];
    if (value !== undefined && value !== null) attributes[name] = value;
  }
  if (Array.isArray(user.privateAttributeNames)) {
    attributes._meta = { privateAttributes: user.privateAttributeNames };
  }
  return new SingleContext('user', attributes);
}

function fromMulti(raw: Record<string, unknown>): Context {
  const kinds: string[] = [];
  for (const kind of Object.keys(raw)) {
    if (kind === 'kind') continue;
    if (!isValidKind(kind)) return new InvalidContext(`the context kind "${kind}" is not valid`);
    const part = raw[kind];
    if (!isObject(part))
      return new InvalidContext(`the "${kind}" part of a multi-kind context is not an object`);
    if (typeof part.key !== 'string' || part.key === '') {
      return new InvalidContext(`the "${kind}" part of a multi-kind context has no valid key`);
    }
    kinds.push(kind);
  }
  if (kinds.length === 0) return new InvalidContext('a multi-kind context must contain at least one kind');
  if (kinds.length === 1) {
    const kind = kinds[0] as string;
    return new SingleContext(kind, raw[kind] as Attributes);
  }
  return new MultiContext(kinds, raw as Readonly<Record<string, Attributes>>);
}

/** Parses an LDContext JSON value. Never throws: a bad context yields `valid: false`. */
export function parseContext(raw: unknown): Context {
  if (!isObject(raw)) return new InvalidContext('no context was given, or it is not an object');
  const kind = raw.kind;
  if (kind === undefined || kind === null) return fromLegacyUser(raw);
  if (kind === 'multi') return fromMulti(raw);
  if (!isValidKind(kind)) return new InvalidContext('the context kind is not valid');
  if (typeof raw.key !== 'string' || raw.key === '') {
    return new InvalidContext('the context key must be a non-empty string');
  }
  return new SingleContext(kind, raw);
}
