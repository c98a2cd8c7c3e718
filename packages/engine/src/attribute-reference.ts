/**
 * An attribute reference (reference/ld-protocol.md §4.6): either a literal top-level
 * name, or a slash path with `~1` for `/` and `~0` for `~`. Parsed once, when a
 * snapshot is prepared; `valid: false` makes the clause or rollout that uses it a
 * MALFORMED_FLAG error when it is evaluated.
 */
export interface AttributeReference {
  readonly valid: boolean;
  readonly components: readonly string[];
  /** True for the one-component reference `kind`, matched against the context's kinds. */
  readonly isKind: boolean;
}

const INVALID: AttributeReference = Object.freeze({ valid: false, components: [], isKind: false });

function make(components: readonly string[]): AttributeReference {
  return Object.freeze({
    valid: true,
    components: Object.freeze([...components]),
    isKind: components.length === 1 && components[0] === 'kind',
  });
}

/** A reference as written in current data, where a leading `/` starts a path. */
export function parseReference(ref: string): AttributeReference {
  if (ref === '') return INVALID;
  if (ref[0] !== '/') return make([ref]);
  const components: string[] = [];
  for (const raw of ref.slice(1).split('/')) {
    const component = unescapeComponent(raw);
    if (component === undefined || component === '') return INVALID;
    components.push(component);
  }
  // `_meta` holds metadata, not attributes, so it is not addressable.
  if (components[0] === '_meta') return INVALID;
  return make(components);
}

/** A literal attribute name, as in legacy data (no `contextKind`): `/` is part of the name. */
export function literalReference(name: string): AttributeReference {
  return name === '' ? INVALID : make([name]);
}

function unescapeComponent(raw: string): string | undefined {
  if (!raw.includes('~')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch !== '~') {
      out += ch;
      continue;
    }
    const next = raw[++i];
    if (next === '0') out += '~';
    else if (next === '1') out += '/';
    else return undefined;
  }
  return out;
}

/** Reads the referenced value from one individual context's attributes; undefined when absent. */
export function readAttribute(
  attributes: Readonly<Record<string, unknown>>,
  ref: AttributeReference,
): unknown {
  const { components } = ref;
  const first = components[0] as string;
  if (components.length === 1) {
    // `anonymous` is a built-in boolean: absent reads as false.
    if (first === 'anonymous') return attributes.anonymous === true;
    return Object.hasOwn(attributes, first) ? attributes[first] : undefined;
  }
  let current: unknown = attributes;
  for (const component of components) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, component)) return undefined;
    current = (current as Record<string, unknown>)[component];
  }
  return current;
}

export const KEY_REFERENCE: AttributeReference = make(['key']);
