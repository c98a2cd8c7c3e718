/**
 * Private attributes, removed from a context before it leaves in an event, as LaunchDarkly's SDKs
 * do: the context's own `_meta.privateAttributes` and the client's `privateAttributes` (attribute
 * names or `/`-references), or every attribute with `allAttributesPrivate`. The names removed are
 * listed in `_meta.redactedAttributes`; `kind`, `key` and `anonymous` are never removed.
 */
type Attributes = Record<string, unknown>;

const PROTECTED = new Set(['kind', 'key', 'anonymous', '_meta']);

export interface RedactOptions {
  readonly privateAttributes: readonly string[];
  readonly allAttributesPrivate: boolean;
}

function isRecord(value: unknown): value is Attributes {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A reference's path: `/a/b` is ['a', 'b'] (with `~1` for `/` and `~0` for `~`); a plain name is itself. */
function pathOf(reference: string): string[] {
  if (!reference.startsWith('/')) return [reference];
  return reference
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Removes the attribute at `path` from a copy-on-write tree; true when something was removed. */
function removePath(target: Attributes, path: readonly string[]): boolean {
  const [head, ...rest] = path;
  if (head === undefined || !(head in target)) return false;
  if (rest.length === 0) {
    delete target[head];
    return true;
  }
  const child = target[head];
  if (!isRecord(child)) return false;
  const copy = { ...child };
  if (!removePath(copy, rest)) return false;
  target[head] = copy;
  return true;
}

function redactSingle(context: Attributes, options: RedactOptions): Attributes {
  const meta = isRecord(context._meta) ? context._meta : {};
  const own = Array.isArray(meta.privateAttributes)
    ? meta.privateAttributes.filter((a) => typeof a === 'string')
    : [];
  const out: Attributes = { ...context };
  delete out._meta;
  const redacted: string[] = [];
  if (options.allAttributesPrivate) {
    for (const name of Object.keys(out)) {
      if (PROTECTED.has(name)) continue;
      delete out[name];
      redacted.push(name);
    }
  } else {
    for (const reference of [...own, ...options.privateAttributes]) {
      const path = pathOf(reference);
      if (path.length === 1 && PROTECTED.has(path[0] as string)) continue;
      if (removePath(out, path)) redacted.push(reference);
    }
  }
  if (redacted.length > 0) out._meta = { redactedAttributes: redacted };
  return out;
}

export function redactContext(context: Attributes, options: RedactOptions): Attributes {
  if (context.kind !== 'multi') return redactSingle(context, options);
  const out: Attributes = { kind: 'multi' };
  for (const [kind, single] of Object.entries(context)) {
    if (kind === 'kind') continue;
    out[kind] = isRecord(single) ? redactSingle(single, options) : single;
  }
  return out;
}
