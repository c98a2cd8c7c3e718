import type { Commit } from './commit.js';
import type { Flag, FlagConfig } from './domain.js';
import { flagTargetingItem } from './sdk-items.js';
import { defaultFlagConfig } from './sdk-json.js';

/**
 * Adds a new flag to its project, switched off in every environment, with one
 * `flag.create` audit entry. Returns each environment's targeting of it.
 */
export async function insertFlag(
  c: Commit,
  flag: Flag,
  newSalt: () => string,
): Promise<Record<string, FlagConfig>> {
  await c.tx.insertFlag(flag);
  const environments: Record<string, FlagConfig> = {};
  for (const env of await c.tx.listEnvironments(flag.projectKey)) {
    // Targeting left behind under this key is kept rather than overwritten (it is checked
    // before the environment's version is taken, so keeping it spends no version).
    if (await c.tx.getFlagConfig(flag.projectKey, env.key, flag.key)) continue;
    environments[env.key] = await c.change({
      item: flagTargetingItem(flag.projectKey, env.key, flag.key),
      apply: (_before, version) => defaultFlagConfig(flag, newSalt(), version),
    });
  }
  await c.audit({
    action: 'flag.create',
    resourceKind: 'flag',
    projectKey: flag.projectKey,
    resourceKey: flag.key,
    after: flag,
  });
  return environments;
}
