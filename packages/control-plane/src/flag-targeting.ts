import type { Commit } from './commit.js';
import type { Flag, FlagConfig, FlagRuleConfig } from './domain.js';
import { invalidData, notFound } from './errors.js';
import { flagTargetingItem } from './sdk-items.js';
import { checkFlagConfig } from './validation.js';

/** The targeting a person sets in one environment; the version and salt are the server's. */
export type TargetingInput = Omit<FlagConfig, 'version' | 'salt' | 'rules'> & {
  readonly rules: readonly (Omit<FlagRuleConfig, 'id'> & { readonly id?: string })[];
};

export interface TargetingChange {
  readonly projectKey: string;
  readonly key: string;
  readonly envKey: string;
  /** 409 when stale. */
  readonly expectedVersion: number | undefined;
  readonly action: string;
  /** The new targeting from the current one; throws to refuse. */
  readonly change: (before: FlagConfig, flag: Flag) => Omit<FlagConfig, 'version'>;
}

/** Changes a flag's targeting in one environment, as part of `c`. */
export async function changeTargeting(c: Commit, change: TargetingChange): Promise<FlagConfig> {
  const { projectKey, key, envKey } = change;
  const flag = await c.tx.getFlag(projectKey, key);
  if (!flag) throw notFound(`Flag "${projectKey}/${key}"`);
  if (!(await c.tx.getEnvironment(projectKey, envKey)))
    throw notFound(`Environment "${projectKey}/${envKey}"`);
  return c.change({
    item: flagTargetingItem(projectKey, envKey, key),
    exists: true,
    expectedVersion: change.expectedVersion,
    deleted: flag.archived,
    audit: change.action,
    apply: (before, version) => ({ ...change.change(before as FlagConfig, flag), version }),
  });
}

/** The targeting `input` describes, checked against the flag's variations (INVALID_DATA names each problem). */
export function targetingFromInput(
  input: TargetingInput,
  before: FlagConfig,
  flag: Flag,
  envKey: string,
): Omit<FlagConfig, 'version'> {
  const rules = input.rules.map((rule, i) => ({
    ...rule,
    id: rule.id ?? `rule-${before.version}-${i}`,
    trackEvents: rule.trackEvents ?? false,
  }));
  const after = { ...input, rules, salt: before.salt };
  const issues: { path: string; message: string }[] = [];
  checkFlagConfig(after as unknown as Record<string, unknown>, flag.variations.length, flag.key, '', issues);
  if (issues.length > 0)
    throw invalidData(`The targeting of flag "${flag.key}" in "${envKey}" is invalid`, issues);
  return after;
}
