/** The two kinds of item SDKs receive, as `Commit.change` reads and writes them. */
import type { SdkItem } from './commit.js';
import type { FlagConfig, Segment } from './domain.js';

/** A flag's targeting in one environment. */
export function flagTargetingItem(projectKey: string, envKey: string, key: string): SdkItem<FlagConfig> {
  return {
    kind: 'flag',
    projectKey,
    environmentKey: envKey,
    key,
    name: `Flag "${projectKey}/${key}" in environment "${envKey}"`,
    shortName: `Flag "${key}" in "${envKey}"`,
    read: (tx) => tx.getFlagConfig(projectKey, envKey, key),
    write: (tx, config) => tx.putFlagConfig(projectKey, envKey, key, config),
    // Targeting has no row of its own to remove: deleting a flag records each environment's
    // removal and then `deleteFlag` takes the flag with its targeting everywhere.
    remove: async () => {},
  };
}

/** A segment, which lives in one environment. */
export function segmentItem(projectKey: string, envKey: string, key: string): SdkItem<Segment> {
  return {
    kind: 'segment',
    projectKey,
    environmentKey: envKey,
    key,
    name: `Segment "${projectKey}/${envKey}/${key}"`,
    shortName: `Segment "${key}" in "${envKey}"`,
    read: (tx) => tx.getSegment(projectKey, envKey, key),
    write: (tx, segment) => tx.putSegment(segment),
    remove: (tx) => tx.deleteSegment(projectKey, envKey, key),
  };
}
