/**
 * Building a flag's `contextTargets` as LaunchDarkly's model wants it: user targets live in
 * `targets`, every other context kind's in `contextTargets`, and once `contextTargets` has
 * any, it must list each user target, in order, as an empty placeholder of its variation,
 * or SDKs skip the user targets.
 */

/** A user target's stand-in among the context targets: its variation, no keys. */
export interface UserPlaceholder<V extends number | undefined = number> {
  readonly contextKind: 'user';
  readonly variation: V;
  readonly values: string[];
}

/** `others` (targets of kinds other than user) after a placeholder per user target; [] without others. */
export function contextTargetsWith<U extends { readonly variation?: number }, T>(
  userTargets: readonly U[],
  others: readonly T[],
): (UserPlaceholder<U['variation']> | T)[] {
  if (others.length === 0) return [];
  const placeholders = userTargets.map(
    (t): UserPlaceholder<U['variation']> => ({ contextKind: 'user', variation: t.variation, values: [] }),
  );
  return [...placeholders, ...others];
}
