/**
 * LaunchDarkly's SDK data model: the flag and segment JSON that SDKs receive
 * (reference/ld-protocol.md §4). Everything is optional here because the engine
 * must survive partial or malformed data; `prepareSnapshot` decides what is usable.
 */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };

export interface ClauseJson {
  readonly contextKind?: string;
  readonly attribute?: string;
  readonly op?: string;
  readonly values?: readonly JsonValue[];
  readonly negate?: boolean;
}

export interface WeightedVariationJson {
  readonly variation?: number;
  readonly weight?: number;
  readonly untracked?: boolean;
}

export interface RolloutJson {
  readonly kind?: 'rollout' | 'experiment';
  readonly contextKind?: string;
  readonly bucketBy?: string;
  readonly seed?: number;
  readonly variations?: readonly WeightedVariationJson[];
}

export interface VariationOrRolloutJson {
  readonly variation?: number;
  readonly rollout?: RolloutJson;
}

export interface FlagRuleJson extends VariationOrRolloutJson {
  readonly id?: string;
  readonly clauses?: readonly ClauseJson[];
  readonly trackEvents?: boolean;
}

export interface TargetJson {
  readonly contextKind?: string;
  readonly variation?: number;
  readonly values?: readonly string[];
}

export interface PrerequisiteJson {
  readonly key?: string;
  readonly variation?: number;
}

export interface ClientSideAvailabilityJson {
  readonly usingMobileKey?: boolean;
  readonly usingEnvironmentId?: boolean;
}

export interface FlagJson {
  readonly key?: string;
  readonly version?: number;
  readonly on?: boolean;
  readonly variations?: readonly JsonValue[];
  readonly offVariation?: number | null;
  readonly fallthrough?: VariationOrRolloutJson;
  readonly targets?: readonly TargetJson[];
  readonly contextTargets?: readonly TargetJson[];
  readonly rules?: readonly FlagRuleJson[];
  readonly prerequisites?: readonly PrerequisiteJson[];
  readonly salt?: string;
  readonly trackEvents?: boolean;
  readonly trackEventsFallthrough?: boolean;
  readonly debugEventsUntilDate?: number | null;
  readonly clientSide?: boolean;
  readonly clientSideAvailability?: ClientSideAvailabilityJson;
  readonly deleted?: boolean;
  readonly samplingRatio?: number;
  readonly excludeFromSummaries?: boolean;
}

export interface SegmentTargetJson {
  readonly contextKind?: string;
  readonly values?: readonly string[];
}

export interface SegmentRuleJson {
  readonly id?: string;
  readonly clauses?: readonly ClauseJson[];
  readonly weight?: number;
  readonly bucketBy?: string;
  readonly rolloutContextKind?: string;
}

export interface SegmentJson {
  readonly key?: string;
  readonly version?: number;
  readonly included?: readonly string[];
  readonly excluded?: readonly string[];
  readonly includedContexts?: readonly SegmentTargetJson[];
  readonly excludedContexts?: readonly SegmentTargetJson[];
  readonly rules?: readonly SegmentRuleJson[];
  readonly salt?: string;
  readonly unbounded?: boolean;
  readonly unboundedContextKind?: string;
  readonly generation?: number;
  readonly deleted?: boolean;
}

/** One environment's data, as in a stream `put` or `/sdk/latest-all`. */
export interface SdkData {
  readonly flags?: Readonly<Record<string, FlagJson>>;
  readonly segments?: Readonly<Record<string, SegmentJson>>;
}
