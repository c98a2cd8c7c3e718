/**
 * Import and export of one environment in LaunchDarkly's SDK data format: how a team
 * backs up an environment, copies it, or migrates from LaunchDarkly.
 */
import type { FlagJson, SdkData, SegmentJson } from '@switchyard/engine';
import { checkSdkData, checkVariationsMatch } from './check-sdk-data.js';
import { type Commit, commit } from './commit.js';
import type { ControlPlaneDeps } from './deps.js';
import type { Actor, Flag } from './domain.js';
import { invalidData, notFound } from './errors.js';
import { flagConfigFromSdkJson, flagFromSdkJson, segmentFromSdkJson } from './from-sdk-json.js';
import { insertFlag } from './insert-flag.js';
import { flagTargetingItem, segmentItem } from './sdk-items.js';
import { defaultFlagConfig, toSdkFlag, toSdkSegment } from './sdk-json.js';

export interface ImportSummary {
  readonly flags: number;
  readonly segments: number;
  readonly flagsReset: number;
  readonly segmentsDeleted: number;
}

export class SdkDataService {
  private readonly newSalt = () => this.deps.secrets.newSalt();

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
    const issues = checkSdkData(data);
    if (issues.length > 0)
      throw invalidData(`The SDK data has ${issues.length} problem(s); nothing was changed`, issues);
    return commit(this.deps, actor, async (c) => {
      if (!(await c.tx.getEnvironment(projectKey, envKey)))
        throw notFound(`Environment "${projectKey}/${envKey}"`);
      const existing = new Map<string, Flag>();
      for (const flag of [
        ...(await c.tx.listFlags(projectKey, {})),
        ...(await c.tx.listFlags(projectKey, { archived: true })),
      ]) {
        existing.set(flag.key, flag);
      }
      const conflicts = checkVariationsMatch(data, existing);
      if (conflicts.length > 0)
        throw invalidData("The SDK data conflicts with the project's flags; nothing was changed", conflicts);
      const flagsReset = await this.replaceFlagTargeting(c, projectKey, envKey, data, existing);
      const segmentsDeleted = await this.replaceSegments(c, projectKey, envKey, data);
      const summary = {
        flags: Object.keys(data.flags ?? {}).length,
        segments: Object.keys(data.segments ?? {}).length,
        flagsReset,
        segmentsDeleted,
      };
      // An empty data set into an environment with nothing in it changes no item, so no item's
      // audit entry records the import: this one does.
      if (Object.values(summary).every((count) => count === 0))
        await c.audit({
          action: 'environment.sdk-data.import',
          resourceKind: 'environment',
          projectKey,
          environmentKey: envKey,
          resourceKey: envKey,
          after: summary,
        });
      return summary;
    });
  }

  /** Imports each flag's targeting and resets the flags the data lacks; returns how many were reset. */
  private async replaceFlagTargeting(
    c: Commit,
    projectKey: string,
    envKey: string,
    data: SdkData,
    existing: ReadonlyMap<string, Flag>,
  ): Promise<number> {
    const flagsIn = Object.entries(data.flags ?? {});
    for (const [key, json] of flagsIn) {
      let flag = existing.get(key);
      if (!flag) {
        flag = flagFromSdkJson(projectKey, key, json, c.now);
        await insertFlag(c, flag, this.newSalt);
      }
      await c.change({
        item: flagTargetingItem(projectKey, envKey, key),
        deleted: flag.archived,
        audit: 'flag.targeting.import',
        apply: (_before, version) => flagConfigFromSdkJson(json, version, this.newSalt),
      });
    }
    const imported = new Set(flagsIn.map(([key]) => key));
    let reset = 0;
    for (const flag of existing.values()) {
      if (imported.has(flag.key)) continue;
      await c.change({
        item: flagTargetingItem(projectKey, envKey, flag.key),
        deleted: flag.archived,
        audit: 'flag.targeting.reset',
        apply: (previous, version) => defaultFlagConfig(flag, previous?.salt ?? this.newSalt(), version),
      });
      reset++;
    }
    return reset;
  }

  /** Deletes the segments the data lacks and writes the others; returns how many were deleted. */
  private async replaceSegments(
    c: Commit,
    projectKey: string,
    envKey: string,
    data: SdkData,
  ): Promise<number> {
    const segmentsIn = Object.entries(data.segments ?? {});
    const incoming = new Set(segmentsIn.map(([key]) => key));
    let deleted = 0;
    for (const segment of await c.tx.listSegments(projectKey, envKey)) {
      if (incoming.has(segment.key)) continue;
      await c.change({
        item: segmentItem(projectKey, envKey, segment.key),
        audit: 'segment.delete',
        apply: () => null,
      });
      deleted++;
    }
    for (const [key, json] of segmentsIn) {
      await c.change({
        item: segmentItem(projectKey, envKey, key),
        audit: 'segment.import',
        apply: (before, version) =>
          segmentFromSdkJson(
            json,
            before,
            { projectKey, environmentKey: envKey, key, version },
            this.newSalt,
          ),
      });
    }
    return deleted;
  }
}
