/**
 * An OpenFeature server provider over a Switchyard client: every resolution is the client's local
 * evaluation, translated (to-ld-context, to-resolution); flag changes become ConfigurationChanged
 * events with the changed keys; the client's connection status becomes Ready, Stale and Error.
 */
import {
  ErrorCode,
  type EvaluationContext,
  type JsonValue,
  OpenFeatureEventEmitter,
  type Provider,
  ProviderEvents,
  type ResolutionDetails,
  type TrackingEventDetails,
} from '@openfeature/server-sdk';
import type { JsonValue as EngineJson, EvaluationDetail } from '@switchyard/engine';
import { type ClientOptions, init, type LDContext, type SwitchyardClient } from '@switchyard/node-sdk';
import { toLdContext } from './to-ld-context.js';
import { errorResolution, toResolution } from './to-resolution.js';
import { type StatusWatch, watchStatus } from './watch-status.js';

export type SwitchyardProviderOptions =
  | {
      /** The SDK key; the provider makes its own client with `clientOptions`. */
      readonly sdkKey: string;
      readonly clientOptions?: ClientOptions;
      /** Seconds `initialize` waits for the first data; default 10. */
      readonly initializationTimeout?: number;
    }
  | {
      /** A client of the application's; the provider closes it in `onClose`. */
      readonly client: SwitchyardClient;
      readonly initializationTimeout?: number;
    };

type Evaluate<T extends EngineJson> = (
  key: string,
  context: LDContext,
  defaultValue: T,
) => EvaluationDetail<T>;

export class SwitchyardProvider implements Provider {
  readonly metadata = { name: 'switchyard' } as const;
  readonly runsOn = 'server' as const;
  readonly events = new OpenFeatureEventEmitter();
  /** The client the provider evaluates with (for the calls OpenFeature has no word for). */
  readonly client: SwitchyardClient;
  private readonly initializationTimeout: number;
  private readonly changedKeys = new Set<string>();
  private readonly statusWatch: StatusWatch;

  constructor(options: SwitchyardProviderOptions) {
    this.client = 'client' in options ? options.client : init(options.sdkKey, options.clientOptions);
    this.initializationTimeout = options.initializationTimeout ?? 10;
    this.client.on('update', ({ key }) => this.flagChanged(key));
    this.statusWatch = watchStatus(this.client, (event) => this.events.emit(event));
  }

  /** Resolves once the client has data; a rejection makes OpenFeature report Error, and Ready follows when data comes. */
  async initialize(): Promise<void> {
    try {
      await this.client.waitForInitialization({ timeout: this.initializationTimeout });
      this.statusWatch.announced(ProviderEvents.Ready);
    } catch (error) {
      this.statusWatch.announced(ProviderEvents.Error);
      throw error;
    }
  }

  resolveBooleanEvaluation(key: string, defaultValue: boolean, context: EvaluationContext) {
    return this.resolve(key, defaultValue, context, (k, c, d) => this.client.boolVariationDetail(k, c, d));
  }

  resolveStringEvaluation(key: string, defaultValue: string, context: EvaluationContext) {
    return this.resolve(key, defaultValue, context, (k, c, d) => this.client.stringVariationDetail(k, c, d));
  }

  resolveNumberEvaluation(key: string, defaultValue: number, context: EvaluationContext) {
    return this.resolve(key, defaultValue, context, (k, c, d) => this.client.numberVariationDetail(k, c, d));
  }

  /** An object or an array; any other JSON value is TYPE_MISMATCH. */
  async resolveObjectEvaluation<T extends JsonValue>(
    key: string,
    defaultValue: T,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<T>> {
    const resolution = await this.resolve<EngineJson>(key, defaultValue, context, (k, c, d) =>
      this.client.jsonVariationDetail(k, c, d),
    );
    if (
      resolution.errorCode !== undefined ||
      (typeof resolution.value === 'object' && resolution.value !== null)
    ) {
      return resolution as ResolutionDetails<T>;
    }
    return errorResolution(
      defaultValue,
      ErrorCode.TYPE_MISMATCH,
      'the flag value is not an object or an array',
    );
  }

  /** A custom event through the client's `track`; `value` is the metric value, the other details its data. */
  track(eventName: string, context: EvaluationContext, details: TrackingEventDetails = {}): void {
    const { value, ...data } = details;
    const hasData = Object.keys(data).length > 0;
    this.client.track(
      eventName,
      toLdContext(context).context,
      hasData ? (data as EngineJson) : undefined,
      value,
    );
  }

  /** Closes the client (its stream, timers and a last flush of events), unheard: closing is no Error. */
  onClose(): Promise<void> {
    this.statusWatch.stop();
    return this.client.close();
  }

  /** The client reports one key at a time; the keys of one data change go out in one event. */
  private flagChanged(key: string): void {
    if (this.changedKeys.size === 0) {
      queueMicrotask(() => {
        const flagsChanged = [...this.changedKeys];
        this.changedKeys.clear();
        this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged });
      });
    }
    this.changedKeys.add(key);
  }

  private async resolve<T extends EngineJson>(
    key: string,
    defaultValue: T,
    context: EvaluationContext,
    evaluate: Evaluate<T>,
  ): Promise<ResolutionDetails<T>> {
    const translated = toLdContext(context);
    if (translated.keyMissing) {
      return errorResolution(
        defaultValue,
        ErrorCode.TARGETING_KEY_MISSING,
        'the context has no targetingKey',
      );
    }
    return toResolution(evaluate(key, translated.context, defaultValue), this.client.flagJson(key));
  }
}
