/**
 * Import and export of one environment in LaunchDarkly's SDK data format: how a team
 * backs up an environment, copies it, or migrates from LaunchDarkly.
 */
import type { FlagJson, JsonValue, SdkData, SegmentJson } from '@switchyard/engine';
import { recordAudit } from './audit.js';
import { recordChange } from './changes.js';
import type { ControlPlaneDeps } from './deps.js';
import type { Actor, Flag, FlagConfig, FlagRuleConfig, Segment } from './domain.js';
import { type ErrorDetail, invalidData, notFound } from './errors.js';
import { defaultFlagConfig, toSdkFlag, toSdkSegment } from './sdk-json.js';
import type { StoreTransaction } from './store.js';
import { checkFlagConfig, checkSegmentRules, checkVariations } from './validation.js';

export interface ImportSummary {
  readonly flags: number;
  readonly segments: number;
  readonly flagsReset: number;
  readonly segmentsDeleted: number;
}

type Json = Record<string, unknown>;

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class SdkDataService {
  constructor(private readonly deps: ControlPlaneDeps) {}

  /** The environment's live flags and segments, exactly as SDKs receive them. */
  async export(projectKey: string, envKey: string): Promise<Required<SdkData>> {
    const { store } = this.deps;
    if (!(await store.getEnvironment(projectKey, envKey)))
      throw notFound(`Environment "${projectKey}/${envKey}"`);
    const configs = await store.listFlagConfigs(projectKey, envKey);
    const flags: Record<string, FlagJson> = {};
    for (const flag of await store.listFlags(projectKey, {})) {
      const config = configs.get(flag.key);
      if (config) flags[flag.key] = toSdkFlag(flag, config);
    }
    const segments: Record<string, SegmentJson> = {};
    for (const segment of await store.listSegments(projectKey, envKey))
      segments[segment.key] = toSdkSegment(segment);
    return { flags, segments };
  }

  /**
   * Replaces the environment's flag targeting and segments in one transaction. Flags
   * the project lacks are created; flags the data lacks are reset to off; segments
   * the data lacks are deleted. Invalid data changes nothing and names every problem.
   */
  async import(projectKey: string, envKey: string, data: SdkData, actor: Actor): Promise<ImportSummary> {
    const flagsIn = Object.entries(data.flags ?? {});
    const segmentsIn = Object.entries(data.segments ?? {});
    const issues: ErrorDetail[] = [];
    for (const [key, json] of flagsIn) checkImportedFlag(key, json, issues);
    for (const [key, json] of segmentsIn) checkImportedSegment(key, json, issues);
    if (issues.length > 0)
      throw invalidData(`The SDK data has ${issues.length} problem(s); nothing was changed`, issues);

    const now = this.deps.clock.now();
    return this.deps.store.transaction(async (tx) => {
      if (!(await tx.getEnvironment(projectKey, envKey)))
        throw notFound(`Environment "${projectKey}/${envKey}"`);
      const existing = new Map<string, Flag>();
      for (const flag of [
        ...(await tx.listFlags(projectKey, {})),
        ...(await tx.listFlags(projectKey, { archived: true })),
      ]) {
        existing.set(flag.key, flag);
      }
      const conflicts: ErrorDetail[] = [];
      for (const [key, json] of flagsIn) {
        const flag = existing.get(key);
        if (flag && JSON.stringify(flag.variations) !== JSON.stringify(json.variations)) {
          conflicts.push({
            path: `/flags/${key}/variations`,
            message:
              "differ from the project's variations for this flag, which all environments share; change them through the flag API first",
          });
        }
      }
      if (conflicts.length > 0)
        throw invalidData("The SDK data conflicts with the project's flags; nothing was changed", conflicts);

      for (const [key, json] of flagsIn) {
        const before = existing.get(key);
        const flag = before ?? (await this.insertFlag(tx, projectKey, key, json, now, actor));
        const version = await tx.nextDataVersion(projectKey, envKey);
        const config = this.configFromJson(json, version);
        const previous = await tx.getFlagConfig(projectKey, envKey, key);
        await tx.putFlagConfig(projectKey, envKey, key, config);
        await recordChange(tx, now, {
          projectKey: projectKey,
          environmentKey: envKey,
          kind: 'flag',
          key: key,
          version: version,
          deleted: flag.archived,
        });
        await recordAudit(tx, now, actor, {
          action: 'flag.targeting.import',
          resourceKind: 'flag',
          projectKey,
          environmentKey: envKey,
          resourceKey: key,
          before: previous,
          after: config,
        });
      }
      const imported = new Set(flagsIn.map(([key]) => key));
      let flagsReset = 0;
      for (const flag of existing.values()) {
        if (imported.has(flag.key)) continue;
        const version = await tx.nextDataVersion(projectKey, envKey);
        const previous = await tx.getFlagConfig(projectKey, envKey, flag.key);
        const config = defaultFlagConfig(flag, previous?.salt ?? this.deps.secrets.newSalt(), version);
        await tx.putFlagConfig(projectKey, envKey, flag.key, config);
        await recordChange(tx, now, {
          projectKey: projectKey,
          environmentKey: envKey,
          kind: 'flag',
          key: flag.key,
          version: version,
          deleted: flag.archived,
        });
        await recordAudit(tx, now, actor, {
          action: 'flag.targeting.reset',
          resourceKind: 'flag',
          projectKey,
          environmentKey: envKey,
          resourceKey: flag.key,
          before: previous,
          after: config,
        });
        flagsReset++;
      }
      const segmentsDeleted = await this.replaceSegments(tx, projectKey, envKey, segmentsIn, now, actor);
      return { flags: flagsIn.length, segments: segmentsIn.length, flagsReset, segmentsDeleted };
    });
  }

  private async insertFlag(
    tx: StoreTransaction,
    projectKey: string,
    key: string,
    json: FlagJson,
    now: Date,
    actor: Actor,
  ): Promise<Flag> {
    const availability = json.clientSideAvailability;
    const flag: Flag = {
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
    await tx.insertFlag(flag);
    // The other environments get the flag switched off.
    for (const env of await tx.listEnvironments(projectKey)) {
      if (await tx.getFlagConfig(projectKey, env.key, key)) continue;
      const version = await tx.nextDataVersion(projectKey, env.key);
      await tx.putFlagConfig(
        projectKey,
        env.key,
        key,
        defaultFlagConfig(flag, this.deps.secrets.newSalt(), version),
      );
      await recordChange(tx, now, {
        projectKey: projectKey,
        environmentKey: env.key,
        kind: 'flag',
        key: key,
        version: version,
        deleted: false,
      });
    }
    await recordAudit(tx, now, actor, {
      action: 'flag.create',
      resourceKind: 'flag',
      projectKey,
      resourceKey: key,
      after: flag,
    });
    return flag;
  }

  private configFromJson(json: FlagJson, version: number): FlagConfig {
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
      salt: typeof json.salt === 'string' ? json.salt : this.deps.secrets.newSalt(),
      trackEvents: json.trackEvents === true,
      trackEventsFallthrough: json.trackEventsFallthrough === true,
      debugEventsUntilDate: typeof json.debugEventsUntilDate === 'number' ? json.debugEventsUntilDate : null,
      version,
    };
  }

  private async replaceSegments(
    tx: StoreTransaction,
    projectKey: string,
    envKey: string,
    segmentsIn: [string, SegmentJson][],
    now: Date,
    actor: Actor,
  ): Promise<number> {
    const incoming = new Set(segmentsIn.map(([key]) => key));
    let deleted = 0;
    for (const segment of await tx.listSegments(projectKey, envKey)) {
      if (incoming.has(segment.key)) continue;
      const version = await tx.nextDataVersion(projectKey, envKey);
      await tx.deleteSegment(projectKey, envKey, segment.key);
      await recordChange(tx, now, {
        projectKey,
        environmentKey: envKey,
        kind: 'segment',
        key: segment.key,
        version,
        deleted: true,
      });
      await recordAudit(tx, now, actor, {
        action: 'segment.delete',
        resourceKind: 'segment',
        projectKey,
        environmentKey: envKey,
        resourceKey: segment.key,
        before: segment,
      });
      deleted++;
    }
    for (const [key, json] of segmentsIn) {
      const version = await tx.nextDataVersion(projectKey, envKey);
      const before = await tx.getSegment(projectKey, envKey, key);
      const after: Segment = {
        projectKey,
        environmentKey: envKey,
        key,
        name: before?.name ?? key,
        description: before?.description ?? '',
        tags: before?.tags ?? [],
        included: list(json.included),
        excluded: list(json.excluded),
        includedContexts: list(json.includedContexts),
        excludedContexts: list(json.excludedContexts),
        rules: list(json.rules),
        salt: typeof json.salt === 'string' ? json.salt : (before?.salt ?? this.deps.secrets.newSalt()),
        unbounded: json.unbounded === true,
        unboundedContextKind:
          typeof json.unboundedContextKind === 'string' ? json.unboundedContextKind : null,
        generation: typeof json.generation === 'number' ? json.generation : null,
        version,
      };
      await tx.putSegment(after);
      await recordChange(tx, now, {
        projectKey,
        environmentKey: envKey,
        kind: 'segment',
        key,
        version,
        deleted: false,
      });
      await recordAudit(tx, now, actor, {
        action: 'segment.import',
        resourceKind: 'segment',
        projectKey,
        environmentKey: envKey,
        resourceKey: key,
        before,
        after,
      });
    }
    return deleted;
  }
}

function checkImportedFlag(key: string, json: FlagJson, issues: ErrorDetail[]): void {
  const path = `/flags/${key}`;
  if (json.key !== undefined && json.key !== key)
    issues.push({ path: `${path}/key`, message: `"${json.key}" differs from the map key "${key}"` });
  const variations = (json.variations ?? []) as JsonValue[];
  checkVariations(variations, `${path}/variations`, issues);
  if (variations.length > 0) checkFlagConfig(json as Json, variations.length, key, path, issues);
}

function checkImportedSegment(key: string, json: SegmentJson, issues: ErrorDetail[]): void {
  const path = `/segments/${key}`;
  if (json.key !== undefined && json.key !== key)
    issues.push({ path: `${path}/key`, message: `"${json.key}" differs from the map key "${key}"` });
  checkSegmentRules(json.rules, `${path}/rules`, issues);
}
