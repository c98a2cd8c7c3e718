/**
 * One customer's individual target in a flag's targeting, edited without touching the
 * rest: the key leaves every target of its context kind, then (unless cleared) joins the
 * target of the wanted variation. User targets live in `targets`; other kinds in
 * `contextTargets`, which, once it has any, must list each user target as an empty
 * placeholder or SDKs skip the user targets (LaunchDarkly's model: `contextTargetsWith`).
 */
import { contextTargetsWith } from '@switchyard/engine';
import type { FlagConfig, TargetingBody } from '@switchyard/server/admin-types';

type Target = FlagConfig['targets'][number];
/** A target as the PUT body takes it. */
type BodyTarget = NonNullable<TargetingBody['targets']>[number];

export interface TargetChange {
  readonly kind: string;
  readonly key: string;
  /** The variation to serve the customer; null clears their individual target. */
  readonly variation: number | null;
}

/** The targets as the body takes them, without `key` and without the ones left empty. */
function without(targets: readonly Target[], key?: string): BodyTarget[] {
  return targets
    .map((t) => ({ ...t, variation: t.variation ?? 0, values: (t.values ?? []).filter((v) => v !== key) }))
    .filter((t) => t.values.length > 0);
}

function withKey(targets: readonly Target[], key: string, variation: number | null): BodyTarget[] {
  const out = without(targets, key);
  if (variation === null) return out;
  const index = out.findIndex((t) => t.variation === variation);
  const existing = out[index];
  if (existing === undefined) return [...out, { variation, values: [key] }];
  out[index] = { ...existing, values: [...existing.values, key] };
  return out;
}

const kindOf = (t: Target) => t.contextKind ?? 'user';

/** The PUT body that makes `change`, with the version it was read at. */
export function targetingWith(config: FlagConfig, change: TargetChange, comment: string) {
  const { salt: _salt, version, ...rest } = config;
  const users =
    change.kind === 'user' ? withKey(config.targets, change.key, change.variation) : without(config.targets);
  const others = without(config.contextTargets.filter((t) => kindOf(t) !== 'user'));
  const kinds = [...new Set([...others.map(kindOf), change.kind])].filter((k) => k !== 'user');
  const edited = kinds.flatMap((kind) => {
    const ofKind = others.filter((t) => kindOf(t) === kind);
    const next = kind === change.kind ? withKey(ofKind, change.key, change.variation) : ofKind;
    return next.map((t) => ({ ...t, contextKind: kind }));
  });
  return {
    ...rest,
    targets: users,
    contextTargets: contextTargetsWith(users, edited),
    version,
    ...(comment.trim() === '' ? {} : { comment: comment.trim() }),
  };
}
