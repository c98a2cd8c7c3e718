/**
 * Pure edits of one flag's targeting in one environment, as the CLI makes them: the body
 * to PUT back (with the version read, so a concurrent change gets 409 rather than being
 * overwritten), individual targets added or removed, rules added or removed.
 */
import { contextTargetsWith } from '@switchyard/engine';
import type { FlagConfig, FlagWithTargeting } from '@switchyard/server/admin-types';
import { UsageError } from './errors.js';

type Target = FlagConfig['targets'][number];
type Rule = FlagConfig['rules'][number];

/** The PUT body that sets `config` again, unchanged unless edited. */
export function targetingBody(config: FlagConfig) {
  const { salt: _salt, version, ...rest } = config;
  return { ...rest, version };
}

/** The index of the variation whose value is `value` (compared as JSON). */
export function variationIndex(found: FlagWithTargeting, value: unknown): number {
  const wanted = JSON.stringify(value);
  const index = found.flag.variations.findIndex((v) => JSON.stringify(v) === wanted);
  if (index < 0) {
    const values = found.flag.variations.map((v) => JSON.stringify(v)).join(', ');
    throw new UsageError(`Flag "${found.flag.key}" has no variation ${wanted}; its variations are ${values}`);
  }
  return index;
}

export function configIn(found: FlagWithTargeting, env: string): FlagConfig {
  const config = found.environments[env];
  if (!config) throw new UsageError(`Flag "${found.flag.key}" has no environment "${env}"`);
  return config;
}

/**
 * User targets live in `targets`; every other context kind's in `contextTargets`, which, once
 * it has any, must list each user target as an empty placeholder of its variation or SDKs
 * skip the user targets (LaunchDarkly's model).
 */
const listFor = (kind: string) => (kind === 'user' ? 'targets' : 'contextTargets');

function withoutKeys(targets: readonly Target[], kind: string, keys: ReadonlySet<string>, only?: number) {
  return targets
    .map((t) =>
      (t.contextKind ?? 'user') === kind && (only === undefined || t.variation === only)
        ? { ...t, values: (t.values ?? []).filter((v) => !keys.has(v)) }
        : t,
    )
    .filter((t) => (t.values ?? []).length > 0);
}

export interface TargetEdit {
  readonly kind: string;
  readonly add: readonly string[];
  readonly remove: readonly string[];
  /** Required to add; to remove, limits the removal to this variation. */
  readonly variation: number | undefined;
}

export function editTargets(config: FlagConfig, edit: TargetEdit): FlagConfig {
  const list = listFor(edit.kind);
  const moving = new Set([...edit.add, ...edit.remove]);
  // A key is targeted to one variation at a time: adding it moves it.
  const onlyFrom = edit.add.length > 0 ? undefined : edit.variation;
  let targets = withoutKeys(config[list], edit.kind, moving, onlyFrom);
  if (edit.add.length > 0) {
    if (edit.variation === undefined) throw new UsageError('--add needs --variation VALUE');
    const variation = edit.variation;
    const existing = targets.find(
      (t) => (t.contextKind ?? 'user') === edit.kind && t.variation === variation,
    );
    targets = existing
      ? targets.map((t) => (t === existing ? { ...t, values: [...(t.values ?? []), ...edit.add] } : t))
      : [...targets, { contextKind: edit.kind, variation, values: [...edit.add] }];
  }
  const edited = { ...config, [list]: targets };
  const others = edited.contextTargets.filter((t) => (t.contextKind ?? 'user') !== 'user');
  return {
    ...edited,
    contextTargets: contextTargetsWith(edited.targets, others),
  };
}

export function removeRule(config: FlagConfig, ref: string): readonly Rule[] {
  const index = /^\d+$/.test(ref) ? Number(ref) : config.rules.findIndex((rule) => rule.id === ref);
  if (index < 0 || index >= config.rules.length) {
    const ids = config.rules.map((rule, i) => `${i}: ${rule.id}`).join(', ') || 'none';
    throw new UsageError(`No rule "${ref}"; the rules are ${ids}`);
  }
  return config.rules.filter((_, i) => i !== index);
}
