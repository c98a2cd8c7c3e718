/**
 * `allFlagsState`: every flag's value for one context, in the JSON LaunchDarkly's browser SDK takes
 * as bootstrap (`{ <key>: value, $flagsState: { <key>: { version, variation, reason? } }, $valid }`).
 */
import type { Evaluation, JsonValue, PreparedFlag, Reason } from '@switchyard/engine';

export interface FlagsStateOptions {
  /** Only flags available to client-side SDKs (`clientSideAvailability.usingEnvironmentId`). */
  readonly clientSideOnly?: boolean;
  readonly withReasons?: boolean;
  /** With `withReasons`: reasons only for flags whose events are tracked. */
  readonly detailsOnlyForTrackedFlags?: boolean;
}

interface FlagMetadata {
  version?: number;
  variation?: number;
  reason?: Reason;
  trackEvents?: boolean;
  trackReason?: boolean;
  debugEventsUntilDate?: number;
}

export interface FlagsState {
  /** False when the client had no data: the state is empty. */
  readonly valid: boolean;
  getFlagValue(key: string): JsonValue | undefined;
  allValues(): Record<string, JsonValue>;
  toJSON(): Record<string, unknown>;
}

export function isClientSide(flag: PreparedFlag): boolean {
  const json = flag.json as Record<string, unknown>;
  const availability = json.clientSideAvailability as Record<string, unknown> | undefined;
  if (availability !== undefined && typeof availability === 'object')
    return availability.usingEnvironmentId === true;
  return json.clientSide === true;
}

export function buildFlagsState(
  valid: boolean,
  flags: Iterable<PreparedFlag>,
  evaluate: (flag: PreparedFlag) => Evaluation,
  options: FlagsStateOptions,
): FlagsState {
  const values: Record<string, JsonValue> = {};
  const metadata: Record<string, FlagMetadata> = {};
  for (const flag of flags) {
    if (options.clientSideOnly === true && !isClientSide(flag)) continue;
    const evaluation = evaluate(flag);
    const json = flag.json as Record<string, unknown>;
    const trackEvents = json.trackEvents === true;
    const experiment = 'inExperiment' in evaluation.reason && evaluation.reason.inExperiment === true;
    const tracked = trackEvents || experiment || typeof json.debugEventsUntilDate === 'number';
    const withReason =
      options.withReasons === true && (options.detailsOnlyForTrackedFlags !== true || tracked);
    const detailed = options.detailsOnlyForTrackedFlags !== true || tracked;
    values[flag.key] = evaluation.value;
    const meta: FlagMetadata = {};
    if (detailed) meta.version = flag.version;
    if (evaluation.variationIndex !== null) meta.variation = evaluation.variationIndex;
    if (withReason || experiment) meta.reason = evaluation.reason;
    if (trackEvents || experiment) meta.trackEvents = true;
    if (experiment) meta.trackReason = true;
    if (typeof json.debugEventsUntilDate === 'number') meta.debugEventsUntilDate = json.debugEventsUntilDate;
    metadata[flag.key] = meta;
  }
  return {
    valid,
    getFlagValue: (key) => values[key],
    allValues: () => ({ ...values }),
    toJSON: () => ({ ...values, $flagsState: metadata, $valid: valid }),
  };
}
