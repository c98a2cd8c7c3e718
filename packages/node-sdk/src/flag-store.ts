/**
 * The flags and segments the client holds, raw (with tombstones, for version checks) and prepared
 * (an engine snapshot). Each change prepares only the items it touches and swaps in a new snapshot,
 * so an evaluation always sees one consistent version of the data.
 */
import {
  type PreparedFlag,
  type PreparedSegment,
  type PrepareOptions,
  prepareSnapshot,
  type Snapshot,
} from '@switchyard/engine';
import { changedFlagKeys } from './flag-dependencies.js';

export type ItemKind = 'flags' | 'segments';
type Item = Record<string, unknown>;

/** Raw SDK data as the server sends it: flags and segments by key. */
export interface FlagData {
  readonly flags: Readonly<Record<string, Item>>;
  readonly segments: Readonly<Record<string, Item>>;
}

function versionOf(item: Item | undefined): number {
  return typeof item?.version === 'number' ? item.version : -1;
}

export class FlagStore {
  private raw: { flags: Map<string, Item>; segments: Map<string, Item> } = {
    flags: new Map(),
    segments: new Map(),
  };
  private current: Snapshot = { flags: new Map(), segments: new Map() };
  private initializedOnce = false;

  constructor(
    private readonly options: PrepareOptions,
    /** Called with the keys of every flag whose evaluation may have changed, the dependents included. */
    private readonly onChange: (flagKeys: readonly string[]) => void,
  ) {}

  get snapshot(): Snapshot {
    return this.current;
  }

  get initialized(): boolean {
    return this.initializedOnce;
  }

  /** The raw data, tombstones left out, as a `put` or the file format would hold it. */
  data(): FlagData {
    const live = (map: Map<string, Item>) =>
      Object.fromEntries([...map].filter(([, item]) => item.deleted !== true));
    return { flags: live(this.raw.flags), segments: live(this.raw.segments) };
  }

  init(data: FlagData): void {
    const before = this.raw;
    this.raw = {
      flags: new Map(Object.entries(data.flags)),
      segments: new Map(Object.entries(data.segments)),
    };
    this.current = prepareSnapshot(data, this.options);
    const wasInitialized = this.initializedOnce;
    this.initializedOnce = true;
    if (!wasInitialized) return;
    const changed = {
      flags: diffKeys(before.flags, this.raw.flags),
      segments: diffKeys(before.segments, this.raw.segments),
    };
    this.emit(changed);
  }

  upsert(kind: ItemKind, key: string, item: Item): boolean {
    const map = this.raw[kind];
    if (versionOf(item) <= versionOf(map.get(key))) return false;
    map.set(key, item);
    const prepared = prepareSnapshot({ [kind]: { [key]: item } }, this.options);
    if (kind === 'flags')
      this.current = { ...this.current, flags: replaced(this.current.flags, key, prepared.flags.get(key)) };
    else
      this.current = {
        ...this.current,
        segments: replaced(this.current.segments, key, prepared.segments.get(key)),
      };
    this.emit(kind === 'flags' ? { flags: [key], segments: [] } : { flags: [], segments: [key] });
    return true;
  }

  remove(kind: ItemKind, key: string, version: number): boolean {
    const map = this.raw[kind];
    if (version <= versionOf(map.get(key))) return false;
    map.set(key, { key, version, deleted: true });
    if (kind === 'flags')
      this.current = { ...this.current, flags: replaced(this.current.flags, key, undefined) };
    else this.current = { ...this.current, segments: replaced(this.current.segments, key, undefined) };
    this.emit(kind === 'flags' ? { flags: [key], segments: [] } : { flags: [], segments: [key] });
    return true;
  }

  private emit(changed: { flags: readonly string[]; segments: readonly string[] }): void {
    if (changed.flags.length === 0 && changed.segments.length === 0) return;
    const keys = changedFlagKeys(this.raw.flags, this.raw.segments, changed.flags, changed.segments);
    if (keys.length > 0) this.onChange(keys);
  }
}

function replaced<T extends PreparedFlag | PreparedSegment>(
  map: ReadonlyMap<string, T>,
  key: string,
  item: T | undefined,
): Map<string, T> {
  const next = new Map(map);
  if (item === undefined) next.delete(key);
  else next.set(key, item);
  return next;
}

/** Keys added, removed or at another version. */
function diffKeys(before: Map<string, Item>, after: Map<string, Item>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((key) => {
    const a = before.get(key);
    const b = after.get(key);
    return versionOf(a) !== versionOf(b) || (a?.deleted === true) !== (b?.deleted === true);
  });
}
