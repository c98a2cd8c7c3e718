/**
 * Switchyard's records from LaunchDarkly's SDK JSON (the way in; `sdk-json.ts` is the
 * way out). Input has been checked by `checkSdkData`; absent fields get defaults.
 */
import type { FlagJson, JsonValue, SegmentJson } from '@switchyard/engine';
import type { Flag, FlagConfig, FlagRuleConfig, Segment } from './domain.js';

type Json = Record<string, unknown>;

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A flag the project lacks, as the imported JSON describes it, created `now`. */
export function flagFromSdkJson(projectKey: string, key: string, json: FlagJson, now: Date): Flag {
  const availability = json.clientSideAvailability;
  return {
    projectKey,
    key,
    name: key,
    description: '',
    tags: [],
    temporary: true,
    variations: (json.variations ?? []) as JsonValue[],
    clientSideAvailability: {
      usingMobileKey: availability?.usingMobileKey ?? true,
      usingEnvironmentId: availability?.usingEnvironmentId ?? json.clientSide === true,
    },
    archived: false,
    createdAt: now.toISOString(),
    version: 1,
  };
}

/** A flag's targeting in one environment, at `version`. */
export function flagConfigFromSdkJson(json: FlagJson, version: number, newSalt: () => string): FlagConfig {
  const rules: FlagRuleConfig[] = list<Json>(json.rules).map((rule, i) => ({
    id: typeof rule.id === 'string' ? rule.id : `rule-${i}`,
    clauses: list(rule.clauses),
    ...(typeof rule.variation === 'number' ? { variation: rule.variation } : {}),
    ...(isObject(rule.rollout) ? { rollout: rule.rollout } : {}),
    trackEvents: rule.trackEvents === true,
  }));
  return {
    on: json.on === true,
    offVariation: typeof json.offVariation === 'number' ? json.offVariation : null,
    fallthrough: json.fallthrough ?? { variation: 0 },
    targets: list(json.targets),
    contextTargets: list(json.contextTargets),
    rules,
    prerequisites: list(json.prerequisites),
    salt: typeof json.salt === 'string' ? json.salt : newSalt(),
    trackEvents: json.trackEvents === true,
    trackEventsFallthrough: json.trackEventsFallthrough === true,
    debugEventsUntilDate: typeof json.debugEventsUntilDate === 'number' ? json.debugEventsUntilDate : null,
    version,
  };
}

/** A segment at `version`; what SDK JSON does not carry (name, description, tags) stays as `before` had it. */
export function segmentFromSdkJson(
  json: SegmentJson,
  before: Segment | undefined,
  where: Pick<Segment, 'projectKey' | 'environmentKey' | 'key' | 'version'>,
  newSalt: () => string,
): Segment {
  return {
    projectKey: where.projectKey,
    environmentKey: where.environmentKey,
    key: where.key,
    name: before?.name ?? where.key,
    description: before?.description ?? '',
    tags: before?.tags ?? [],
    included: list(json.included),
    excluded: list(json.excluded),
    includedContexts: list(json.includedContexts),
    excludedContexts: list(json.excludedContexts),
    rules: list(json.rules),
    salt: typeof json.salt === 'string' ? json.salt : (before?.salt ?? newSalt()),
    unbounded: json.unbounded === true,
    unboundedContextKind: typeof json.unboundedContextKind === 'string' ? json.unboundedContextKind : null,
    generation: typeof json.generation === 'number' ? json.generation : null,
    version: where.version,
  };
}
