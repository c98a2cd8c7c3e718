/**
 * An offline data source a unit test drives: `td.update(td.flag('x').booleanFlag().on(true))`.
 * Every client built with `{ dataSource: td }` is initialized at once with what `td` holds and sees
 * each later `update` as a stream `patch`. No network, no timers.
 */
import type { DataSink, DataSource, DataSourceFactory } from './data-source.js';
import { FlagBuilder } from './test-flag-builder.js';

type Item = Record<string, unknown>;

export class TestData implements DataSourceFactory {
  private readonly flags = new Map<string, Item>();
  private readonly segments = new Map<string, Item>();
  private readonly builders = new Map<string, FlagBuilder>();
  private readonly sinks = new Set<DataSink>();

  /** A builder for `key`: a copy of the last one updated, or a new boolean flag that is on. */
  flag(key: string): FlagBuilder {
    return this.builders.get(key)?.copy() ?? new FlagBuilder(key).booleanFlag();
  }

  update(builder: FlagBuilder): this {
    this.builders.set(builder.key, builder.copy());
    return this.put('flags', this.flags, builder.build(0));
  }

  /** A flag given as LaunchDarkly's JSON, as it is (its version is set past the last one). */
  usePreconfiguredFlag(flag: Item & { key: string }): this {
    this.builders.delete(flag.key);
    return this.put('flags', this.flags, flag);
  }

  usePreconfiguredSegment(segment: Item & { key: string }): this {
    return this.put('segments', this.segments, segment);
  }

  createDataSource(): DataSource {
    let attached: DataSink | undefined;
    return {
      start: (sink) => {
        attached = sink;
        this.sinks.add(sink);
        sink.init({ flags: Object.fromEntries(this.flags), segments: Object.fromEntries(this.segments) });
        sink.status('valid');
      },
      close: () => {
        if (attached !== undefined) this.sinks.delete(attached);
      },
    };
  }

  private put(kind: 'flags' | 'segments', map: Map<string, Item>, item: Item & { key: string }): this {
    const previous = map.get(item.key);
    const version = (typeof previous?.version === 'number' ? previous.version : 0) + 1;
    const stored = { ...item, version };
    map.set(item.key, stored);
    for (const sink of this.sinks) sink.upsert(kind, item.key, stored);
    return this;
  }
}
