/**
 * Conversion between Switchyard's records and LaunchDarkly's SDK JSON. Output has
 * every field present (arrays as [], absent values as null), as LaunchDarkly's Go
 * marshaller writes it, because some SDKs do not tolerate missing properties.
 */
import type { FlagJson, SegmentJson } from '@switchyard/engine';
import type { Flag, FlagConfig, Segment } from './domain.js';

export function toSdkFlag(flag: Flag, config: FlagConfig): FlagJson {
  return {
    key: flag.key,
    version: config.version,
    on: config.on,
    prerequisites: config.prerequisites,
    salt: config.salt,
    targets: config.targets,
    contextTargets: config.contextTargets,
    rules: config.rules,
    fallthrough: config.fallthrough,
    offVariation: config.offVariation,
    variations: flag.variations,
    clientSideAvailability: flag.clientSideAvailability,
    clientSide: flag.clientSideAvailability.usingEnvironmentId,
    trackEvents: config.trackEvents,
    trackEventsFallthrough: config.trackEventsFallthrough,
    debugEventsUntilDate: config.debugEventsUntilDate,
    deleted: false,
  };
}

export function toSdkSegment(segment: Segment): SegmentJson {
  return {
    key: segment.key,
    version: segment.version,
    included: segment.included,
    excluded: segment.excluded,
    includedContexts: segment.includedContexts,
    excludedContexts: segment.excludedContexts,
    rules: segment.rules,
    salt: segment.salt,
    unbounded: segment.unbounded,
    ...(segment.unboundedContextKind === null ? {} : { unboundedContextKind: segment.unboundedContextKind }),
    ...(segment.generation === null ? {} : { generation: segment.generation }),
    deleted: false,
  };
}

/** A new flag's configuration in an environment: off, serving the last variation when off. */
export function defaultFlagConfig(
  flag: Pick<Flag, 'key' | 'variations'>,
  salt: string,
  version: number,
): FlagConfig {
  const offVariation = flag.variations.length > 0 ? flag.variations.length - 1 : null;
  return {
    on: false,
    offVariation,
    fallthrough: { variation: 0 },
    targets: [],
    contextTargets: [],
    rules: [],
    prerequisites: [],
    salt,
    trackEvents: false,
    trackEventsFallthrough: false,
    debugEventsUntilDate: null,
    version,
  };
}
