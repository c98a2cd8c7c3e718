/**
 * The client: holds the data its source delivers and evaluates locally with the engine. Every
 * variation call is synchronous and never throws; a problem is the caller's default with a reason
 * that says why.
 */
import { hash } from 'node:crypto';
import {
  createEvaluator,
  type ErrorKind,
  type EvaluationDetail,
  type Evaluator,
  type FlagJson,
  type JsonValue,
  type PreparedFlag,
  parseContext,
  type ValueType,
  variationDetail,
} from '@switchyard/engine';
import { compileRe2Pattern } from '@switchyard/patterns';
import { ClientListeners, type FlagChange, type FlagChanges, type UpdateEvent } from './client-listeners.js';
import { type ConnectionStatus, StatusTracker } from './connection-status.js';
import { createDataSource } from './create-data-source.js';
import type { DataSource, SourceState } from './data-source.js';
import type { EventStats } from './event-answer.js';
import { createEventProcessor, type EventProcessor } from './event-processor.js';
import { FlagStore } from './flag-store.js';
import { buildFlagsState, type FlagsState, type FlagsStateOptions } from './flags-state.js';
import { type KillSwitchMode, OperationalFlags } from './operational-flags.js';
import { type ClientOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { PersistedData } from './persisted-data.js';
import { storeSink } from './store-sink.js';
import { type ValueChange, valueWatcher } from './value-change.js';

/**
 * A LaunchDarkly context (`{ kind, key, ... }`, a multi-context, or a legacy user): any object, as the
 * LaunchDarkly SDK takes it, so an application's own interface types fit. It is checked on each call;
 * an invalid one gets the default with `USER_NOT_SPECIFIED`.
 */
export type LDContext = object;

/** A context that `parseContext` accepted: an object whose attributes can be read. */
type Attributes = Readonly<Record<string, unknown>>;

const USER_AGENT = 'SwitchyardNodeSDK/0.1.0';

function failure<T extends JsonValue>(value: T, errorKind: ErrorKind): EvaluationDetail<T> {
  return { value, variationIndex: null, reason: { kind: 'ERROR', errorKind } };
}

export class SwitchyardClient {
  private readonly options: ResolvedOptions;
  private readonly evaluator: Evaluator = createEvaluator({ sha1Hex: (input) => hash('sha1', input, 'hex') });
  private readonly store: FlagStore;
  private readonly listeners: ClientListeners;
  private readonly status: StatusTracker;
  private readonly operational: OperationalFlags;
  private readonly source: DataSource | undefined;
  private readonly events: EventProcessor | undefined;
  private readonly persisted: PersistedData | undefined;
  private state: SourceState = 'interrupted';
  private closed = false;
  private readonly settled: Promise<void>;
  private settle!: () => void;

  constructor(sdkKey: string, options: ClientOptions = {}) {
    this.options = resolveOptions(options);
    this.listeners = new ClientListeners(this.options.logger);
    this.status = new StatusTracker((status) => this.listeners.status(status));
    this.operational = new OperationalFlags({
      cacheMs: this.options.operationalCacheMs,
      cacheSize: this.options.operationalCacheSize,
      evaluate: (key, context, safe) => this.detail(key, context, safe, 'any'),
    });
    this.settled = new Promise<void>((resolve) => {
      this.settle = resolve;
    });
    this.store = new FlagStore({ compilePattern: compileRe2Pattern }, (keys) => {
      this.operational.clear();
      this.listeners.changed(keys);
    });
    if (this.options.persistTo !== undefined) {
      this.persisted = new PersistedData(this.options.persistTo, this.options.logger);
      const data = this.persisted.read();
      if (data !== undefined) this.store.init(data);
    }
    this.source = createDataSource(sdkKey, this.options, USER_AGENT);
    this.events = createEventProcessor(sdkKey, this.options, USER_AGENT);
    if (this.source === undefined) {
      this.state = 'off';
      this.status.closed();
      this.settle();
      return;
    }
    this.source.start(
      storeSink(this.store, this.persisted, (state, error) => this.sourceStatus(state, error)),
    );
  }

  /** The connection: its state, since when, and the last error; `on('status')` tells of each change. */
  getStatus(): ConnectionStatus {
    return this.status.current;
  }

  /** The data source's own state: `valid` (receiving), `interrupted` (retrying) or `off`. */
  dataSourceState(): SourceState {
    return this.state;
  }

  /** True once data has arrived (it stays true while the connection comes and goes). */
  initialized(): boolean {
    return this.store.initialized;
  }

  /**
   * Resolves once data has arrived; rejects after `timeout` seconds, or when the source gives up
   * (a refused key). A rejection harms nothing: the client keeps trying and serves defaults meanwhile.
   */
  waitForInitialization({ timeout = 10 }: { timeout?: number } = {}): Promise<this> {
    if (this.store.initialized) return Promise.resolve(this);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the client was not initialized within ${timeout} s`)),
        timeout * 1000,
      );
    });
    const ready = this.settled.then(() => {
      if (this.store.initialized) return this;
      throw new Error(
        this.status.current.lastError?.message ?? 'the client was closed or its data source gave up',
      );
    });
    return Promise.race([ready, late]).finally(() => clearTimeout(timer));
  }

  boolVariation(key: string, context: LDContext, defaultValue: boolean): boolean {
    return this.detail(key, context, defaultValue, 'bool').value;
  }

  boolVariationDetail(key: string, context: LDContext, defaultValue: boolean): EvaluationDetail<boolean> {
    return this.detail(key, context, defaultValue, 'bool');
  }

  numberVariation(key: string, context: LDContext, defaultValue: number): number {
    return this.detail(key, context, defaultValue, 'number').value;
  }

  numberVariationDetail(key: string, context: LDContext, defaultValue: number): EvaluationDetail<number> {
    return this.detail(key, context, defaultValue, 'number');
  }

  stringVariation(key: string, context: LDContext, defaultValue: string): string {
    return this.detail(key, context, defaultValue, 'string').value;
  }

  stringVariationDetail(key: string, context: LDContext, defaultValue: string): EvaluationDetail<string> {
    return this.detail(key, context, defaultValue, 'string');
  }

  /** Any JSON value; `T` is the caller's claim about its shape, not checked. */
  jsonVariation<T extends JsonValue>(key: string, context: LDContext, defaultValue: T): T {
    return this.detail(key, context, defaultValue, 'any').value as T;
  }

  jsonVariationDetail<T extends JsonValue>(
    key: string,
    context: LDContext,
    defaultValue: T,
  ): EvaluationDetail<T> {
    return this.detail(key, context, defaultValue, 'any') as EvaluationDetail<T>;
  }

  /** Is the feature behind `key` cut off for `context`? The flag serves true while it runs; cached briefly. */
  killSwitch(key: string, context: LDContext, mode: KillSwitchMode): boolean {
    return this.operational.killSwitch(key, context, mode);
  }

  /** A numeric limit, cached briefly per context; `defaultValue` without data or for a non-number. */
  limit(key: string, context: LDContext, defaultValue: number): number {
    return this.operational.limit(key, context, defaultValue);
  }

  /** The flag as the server sent it (LaunchDarkly's JSON), or undefined when the client does not hold it. */
  flagJson(key: string): FlagJson | undefined {
    return this.store.snapshot.flags.get(key)?.json;
  }

  allFlagsState(context: LDContext, options: FlagsStateOptions = {}): FlagsState {
    const valid = this.store.initialized;
    const parsed = parseContext(context);
    const snapshot = this.store.snapshot;
    const flags: Iterable<PreparedFlag> = valid && parsed.valid ? snapshot.flags.values() : [];
    return buildFlagsState(
      valid && parsed.valid,
      flags,
      (flag) => this.evaluator.evaluate(snapshot, flag.key, parsed),
      options,
    );
  }

  /** `update` per affected flag (dependents included), `update:<key>`, `changes` per data change, `status`. */
  on(event: 'status', listener: (status: ConnectionStatus) => void): this;
  on(event: 'changes', listener: (changes: FlagChanges) => void): this;
  on(event: UpdateEvent, listener: (change: FlagChange) => void): this;
  on(event: string, listener: (payload: never) => void): this {
    this.listeners.add(event, listener);
    return this;
  }

  off(event: 'status', listener: (status: ConnectionStatus) => void): this;
  off(event: 'changes', listener: (changes: FlagChanges) => void): this;
  off(event: UpdateEvent, listener: (change: FlagChange) => void): this;
  off(event: string, listener: (payload: never) => void): this {
    this.listeners.remove(event, listener);
    return this;
  }

  /** Calls `listener` only when `key`'s value or variation for `context` changes; returns the unsubscribe. */
  onValueChange(key: string, context: LDContext, listener: (change: ValueChange) => void): () => void {
    const watcher = valueWatcher(key, () => this.quietDetail(key, context), listener);
    this.listeners.add(`update:${key}`, watcher);
    return () => this.listeners.remove(`update:${key}`, watcher);
  }

  /** A custom event (for experiments and insights); `metricValue` for numeric metrics. */
  track(key: string, context: LDContext, data?: JsonValue, metricValue?: number): void {
    if (!parseContext(context).valid) {
      this.options.logger.warn({ eventKey: key }, 'track was called with an invalid context; no event');
      return;
    }
    this.events?.custom(key, context as Attributes, data, metricValue);
  }

  /** Tells the server about a context (an identify event). */
  identify(context: LDContext): void {
    if (parseContext(context).valid) this.events?.identify(context as Attributes);
  }

  /** Posts the queued events now; resolves when done, never rejects. */
  flush(): Promise<void> {
    return this.events?.flush() ?? Promise.resolve();
  }

  /** The event posts by outcome and reason (the server's `X-Switchyard-Events` answers), and events dropped. */
  eventStats(): EventStats | undefined {
    return this.events?.statistics();
  }

  /** Events dropped because the queue was full. */
  droppedEvents(): number {
    return this.events?.dropped ?? 0;
  }

  /**
   * Stops the data source and every timer at once, then posts the last events; the client then
   * serves what it last had. The promise never rejects.
   */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.source?.close();
    this.persisted?.flush();
    this.status.closed();
    this.listeners.removeAll();
    this.settle();
    return this.events?.close() ?? Promise.resolve();
  }

  private detail<T extends JsonValue>(
    key: string,
    context: LDContext,
    defaultValue: T,
    type: ValueType,
  ): EvaluationDetail<T> {
    if (!this.store.initialized) return failure(defaultValue, 'CLIENT_NOT_READY');
    try {
      const snapshot = this.store.snapshot;
      const parsed = parseContext(context);
      const detail = variationDetail(this.evaluator.evaluate(snapshot, key, parsed), defaultValue, type);
      if (parsed.valid)
        this.events?.flagEvaluated(key, snapshot, detail, defaultValue, parsed, context as Attributes);
      return detail as EvaluationDetail<T>;
    } catch (error) {
      this.options.logger.error(
        { flagKey: key, error: String(error) },
        'an evaluation failed; serving the default',
      );
      return failure(defaultValue, 'EXCEPTION');
    }
  }

  /** The detail with no analytics event (for value-change listeners); `null` when there is no data. */
  private quietDetail(key: string, context: LDContext): EvaluationDetail {
    if (!this.store.initialized) return failure(null, 'CLIENT_NOT_READY');
    try {
      return variationDetail(this.evaluator.evaluate(this.store.snapshot, key, parseContext(context)), null);
    } catch {
      return failure(null, 'EXCEPTION');
    }
  }

  private sourceStatus(state: SourceState, error: Error | undefined): void {
    this.state = state;
    this.status.sourceReported(state, this.store.initialized, error);
    if (state === 'off' || this.store.initialized) this.settle();
  }
}

/** A client for `sdkKey`; it connects at once. Await `waitForInitialization()` before relying on flags. */
export function init(sdkKey: string, options?: ClientOptions): SwitchyardClient {
  return new SwitchyardClient(sdkKey, options);
}
