/**
 * The contexts an index event was sent for lately: LaunchDarkly's context-key deduplication, an LRU of
 * fixed size keyed by kind and key. Nested maps (kind, then key) look a context up by the strings it
 * already holds, so a context seen before costs two lookups and no allocation; the list nodes are
 * reused once the LRU is full.
 */
import type { Context } from '@switchyard/engine';

interface Node {
  kind: string;
  key: string;
  newer: Node | undefined;
  older: Node | undefined;
}

/** A multi-kind context's key: its kinds sorted, each `kind:key` with `%` and `:` escaped, as LaunchDarkly's canonical key. */
function multiKey(context: Context): string {
  return [...context.kinds]
    .sort()
    .map((kind) => `${kind}:${(context.keyForKind(kind) ?? '').replace(/%/g, '%25').replace(/:/g, '%3A')}`)
    .join(':');
}

export class SeenContexts {
  private readonly byKind = new Map<string, Map<string, Node>>();
  private newest: Node | undefined;
  private oldest: Node | undefined;
  private size = 0;
  /** The map of the kind looked up last: most applications evaluate one kind, so this skips a lookup. */
  private lastKind = '';
  private lastKeys: Map<string, Node> | undefined;

  constructor(private readonly capacity: number) {}

  /** True when `context` was remembered lately; it becomes the most recent. */
  has(context: Context): boolean {
    const node = this.lookUp(context);
    if (node === undefined) return false;
    if (node !== this.newest) {
      this.unlink(node);
      this.linkNewest(node);
    }
    return true;
  }

  /** Remembers `context` (not remembered yet), forgetting the least recent one when full. */
  add(context: Context): void {
    const single = context.kinds.length === 1;
    const kind = single ? (context.kinds[0] as string) : 'multi';
    const key = single ? (context.keyForKind(kind) ?? '') : multiKey(context);
    let node = this.oldest;
    if (node !== undefined && this.size >= this.capacity) {
      this.unlink(node);
      const keys = this.byKind.get(node.kind);
      keys?.delete(node.key);
      if (keys?.size === 0) {
        this.byKind.delete(node.kind);
        if (keys === this.lastKeys) this.lastKeys = undefined;
      }
      node.kind = kind;
      node.key = key;
    } else {
      node = { kind, key, newer: undefined, older: undefined };
      this.size++;
    }
    let keys = this.byKind.get(kind);
    if (keys === undefined) {
      keys = new Map();
      this.byKind.set(kind, keys);
      if (kind === this.lastKind) this.lastKeys = keys;
    }
    keys.set(key, node);
    this.linkNewest(node);
  }

  private lookUp(context: Context): Node | undefined {
    if (context.kinds.length !== 1) return this.keysOf('multi')?.get(multiKey(context));
    const kind = context.kinds[0] as string;
    return this.keysOf(kind)?.get(context.keyForKind(kind) ?? '');
  }

  private keysOf(kind: string): Map<string, Node> | undefined {
    if (kind !== this.lastKind || this.lastKeys === undefined) {
      this.lastKind = kind;
      this.lastKeys = this.byKind.get(kind);
    }
    return this.lastKeys;
  }

  private unlink(node: Node): void {
    if (node.newer === undefined) this.newest = node.older;
    else node.newer.older = node.older;
    if (node.older === undefined) this.oldest = node.newer;
    else node.older.newer = node.newer;
    node.newer = undefined;
    node.older = undefined;
  }

  private linkNewest(node: Node): void {
    node.older = this.newest;
    if (this.newest === undefined) this.oldest = node;
    else this.newest.newer = node;
    this.newest = node;
  }
}
