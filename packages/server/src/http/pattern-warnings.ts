/**
 * `matches` patterns RE2 cannot compile (back-references, look-around, bad syntax). They never match
 * (ADR 0009), so they are accepted, imported from LaunchDarkly data as they are, and reported as
 * warnings beside the item in the admin API's answers and in /status, for a person to fix.
 */
import { compileRe2Pattern } from '@switchyard/patterns';

export interface PatternWarning {
  /** JSON pointer to the pattern, from the item (flag configuration or segment) it is in. */
  readonly path: string;
  readonly message: string;
}

const asArray = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);
const field = (value: unknown, name: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;

/** Warnings for the `matches` clauses of one item with `rules` (a flag's configuration or a segment). */
export function patternWarnings(item: unknown, path = ''): PatternWarning[] {
  const out: PatternWarning[] = [];
  for (const [i, rule] of asArray(field(item, 'rules')).entries()) {
    for (const [j, clause] of asArray(field(rule, 'clauses')).entries()) {
      if (field(clause, 'op') !== 'matches') continue;
      for (const [k, pattern] of asArray(field(clause, 'values')).entries()) {
        if (typeof pattern !== 'string') continue;
        const compiled = compileRe2Pattern(pattern);
        if ('error' in compiled) {
          out.push({
            path: `${path}/rules/${i}/clauses/${j}/values/${k}`,
            message: `${JSON.stringify(pattern)} never matches: RE2 cannot compile it (${compiled.error})`,
          });
        }
      }
    }
  }
  return out;
}

/** The item as answered, with `warnings` when it has any (so answers without any are unchanged). */
export function withPatternWarnings<T extends object>(item: T, warnings: readonly PatternWarning[]): T {
  return warnings.length === 0 ? item : { ...item, warnings };
}

/** Warnings for every item of SDK data (`flags` and `segments` maps), with pointers from the data's root. */
export function sdkDataWarnings(data: unknown): PatternWarning[] {
  const out: PatternWarning[] = [];
  for (const kind of ['flags', 'segments']) {
    const items = field(data, kind);
    if (typeof items !== 'object' || items === null) continue;
    for (const [key, item] of Object.entries(items)) out.push(...patternWarnings(item, `/${kind}/${key}`));
  }
  return out;
}

const byEnvironment = new WeakMap<object, (PatternWarning & { readonly item: string })[]>();

/** One environment's warnings, by item (`flags/<key>` or `segments/<key>`); computed once per data. */
export function environmentPatternWarnings(data: {
  readonly flags: object;
  readonly segments: object;
}): readonly (PatternWarning & { readonly item: string })[] {
  let warnings = byEnvironment.get(data);
  if (warnings === undefined) {
    warnings = sdkDataWarnings(data).map((w) => {
      const [, kind, key, ...rest] = w.path.split('/');
      return { item: `${kind}/${key}`, path: `/${rest.join('/')}`, message: w.message };
    });
    byEnvironment.set(data, warnings);
  }
  return warnings;
}
