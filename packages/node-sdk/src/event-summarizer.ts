/** Counts evaluations per flag, variation and version between flushes: LaunchDarkly's summary event. */
import type { JsonValue } from '@switchyard/engine';

interface Counter {
  readonly variation: number | null;
  readonly version: number | undefined;
  readonly value: JsonValue;
  count: number;
}

interface FlagSummary {
  readonly default: JsonValue;
  readonly contextKinds: Set<string>;
  readonly counters: Map<string, Counter>;
}

export interface Evaluated {
  readonly flagKey: string;
  /** Undefined when the flag is unknown. */
  readonly version: number | undefined;
  readonly variation: number | null;
  readonly value: JsonValue;
  readonly defaultValue: JsonValue;
  readonly contextKinds: readonly string[];
}

export class EventSummarizer {
  private startDate = 0;
  private endDate = 0;
  private flags = new Map<string, FlagSummary>();

  record(e: Evaluated, now: number): void {
    if (this.flags.size === 0) this.startDate = now;
    this.endDate = now;
    let flag = this.flags.get(e.flagKey);
    if (flag === undefined) {
      flag = { default: e.defaultValue, contextKinds: new Set(), counters: new Map() };
      this.flags.set(e.flagKey, flag);
    }
    for (const kind of e.contextKinds) flag.contextKinds.add(kind);
    const id = `${e.variation}:${e.version}`;
    const counter = flag.counters.get(id);
    if (counter === undefined) {
      flag.counters.set(id, { variation: e.variation, version: e.version, value: e.value, count: 1 });
    } else counter.count++;
  }

  /** The summary event since the last call, or undefined when nothing was evaluated. */
  take(): Record<string, unknown> | undefined {
    if (this.flags.size === 0) return undefined;
    const features: Record<string, unknown> = {};
    for (const [key, flag] of this.flags) {
      features[key] = {
        default: flag.default,
        contextKinds: [...flag.contextKinds],
        counters: [...flag.counters.values()].map((c) =>
          c.version === undefined
            ? { unknown: true, value: c.value, count: c.count }
            : {
                ...(c.variation === null ? {} : { variation: c.variation }),
                version: c.version,
                value: c.value,
                count: c.count,
              },
        ),
      };
    }
    const event = { kind: 'summary', startDate: this.startDate, endDate: this.endDate, features };
    this.flags = new Map();
    return event;
  }
}
