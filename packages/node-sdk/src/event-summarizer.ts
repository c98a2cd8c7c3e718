/**
 * Counts evaluations per flag, version and variation between flushes: LaunchDarkly's summary event.
 * The counters are nested by flag key (a map), version (a map, with the last one used at hand) and
 * variation (an array index), so counting an evaluation seen before builds no string and allocates
 * nothing.
 */
import type { JsonValue } from '@switchyard/engine';

interface Counter {
  readonly value: JsonValue;
  count: number;
}

interface VersionCounters {
  readonly byVariation: (Counter | undefined)[];
  /** Evaluations that served no variation (the default). */
  none: Counter | undefined;
}

interface FlagSummary {
  readonly default: JsonValue;
  readonly contextKinds: Set<string>;
  readonly versions: Map<number, VersionCounters>;
  lastVersion: number;
  last: VersionCounters | undefined;
  /** Evaluations of a flag the client does not know. */
  unknown: Counter | undefined;
  /** The context kind added last, so a run of one kind skips the set. */
  lastKind: string;
}

function versionCounters(flag: FlagSummary, version: number): VersionCounters {
  if (flag.lastVersion === version && flag.last !== undefined) return flag.last;
  let counters = flag.versions.get(version);
  if (counters === undefined) {
    counters = { byVariation: [], none: undefined };
    flag.versions.set(version, counters);
  }
  flag.lastVersion = version;
  flag.last = counters;
  return counters;
}

export class EventSummarizer {
  private startDate = 0;
  private flags = new Map<string, FlagSummary>();
  /** The flag counted last: a caller evaluating one flag in a loop skips the map. */
  private lastKey = '';
  private last: FlagSummary | undefined;

  /** One evaluation; `version` is undefined for an unknown flag. */
  record(
    flagKey: string,
    version: number | undefined,
    variation: number | null,
    value: JsonValue,
    defaultValue: JsonValue,
    contextKinds: readonly string[],
  ): void {
    let flag = flagKey === this.lastKey ? this.last : this.flags.get(flagKey);
    if (flag === undefined) {
      if (this.flags.size === 0) this.startDate = Date.now();
      flag = {
        default: defaultValue,
        contextKinds: new Set(),
        versions: new Map(),
        lastVersion: -1,
        last: undefined,
        unknown: undefined,
        lastKind: '',
      };
      this.flags.set(flagKey, flag);
    }
    this.lastKey = flagKey;
    this.last = flag;
    if (contextKinds.length !== 1 || contextKinds[0] !== flag.lastKind) {
      for (const kind of contextKinds) flag.contextKinds.add(kind);
      flag.lastKind = contextKinds.length === 1 ? (contextKinds[0] as string) : '';
    }
    if (version === undefined) {
      if (flag.unknown === undefined) flag.unknown = { value, count: 1 };
      else flag.unknown.count++;
      return;
    }
    const counters = versionCounters(flag, version);
    const counter = variation === null ? counters.none : counters.byVariation[variation];
    if (counter !== undefined) counter.count++;
    else if (variation === null) counters.none = { value, count: 1 };
    else counters.byVariation[variation] = { value, count: 1 };
  }

  /** The summary event since the last call, or undefined when nothing was evaluated. */
  take(): Record<string, unknown> | undefined {
    if (this.flags.size === 0) return undefined;
    const features: Record<string, unknown> = {};
    for (const [key, flag] of this.flags) {
      const counters: Record<string, unknown>[] = [];
      if (flag.unknown !== undefined)
        counters.push({ unknown: true, value: flag.unknown.value, count: flag.unknown.count });
      for (const [version, byVersion] of flag.versions) {
        byVersion.byVariation.forEach((c, variation) => {
          if (c !== undefined) counters.push({ variation, version, value: c.value, count: c.count });
        });
        const none = byVersion.none;
        if (none !== undefined) counters.push({ version, value: none.value, count: none.count });
      }
      features[key] = { default: flag.default, contextKinds: [...flag.contextKinds], counters };
    }
    const event = { kind: 'summary', startDate: this.startDate, endDate: Date.now(), features };
    this.flags = new Map();
    this.last = undefined;
    return event;
  }
}
