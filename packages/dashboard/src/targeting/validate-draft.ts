/**
 * Checks a draft before it is sent, each problem under the JSON pointer the admin API
 * would use for it, so the editor shows local and API errors at the same field.
 */
import { parseSemVer } from '@switchyard/engine';
import { compileRe2Pattern } from '@switchyard/patterns';
import { type ClauseDraft, clauseValues, type Draft, type ServeDraft, weightOf } from './draft';

export type FieldErrors = ReadonlyMap<string, string>;

const NUMBER_OPS = new Set(['lessThan', 'lessThanOrEqual', 'greaterThan', 'greaterThanOrEqual']);
const SEMVER_OPS = new Set(['semVerEqual', 'semVerLessThan', 'semVerGreaterThan']);

function checkClause(clause: ClauseDraft, at: string, errors: Map<string, string>): void {
  if (clause.contextKind.trim() === '') errors.set(`${at}/contextKind`, 'Name a context kind, e.g. user');
  if (clause.op !== 'segmentMatch' && clause.attribute.trim() === '')
    errors.set(`${at}/attribute`, 'Name the attribute to compare, e.g. email');
  const values = clauseValues(clause);
  if (values.length === 0) {
    errors.set(
      `${at}/values`,
      clause.op === 'segmentMatch' ? 'Choose at least one segment' : 'Add at least one value',
    );
    return;
  }
  const bad = (test: (v: unknown) => boolean) => values.find((v) => !test(v));
  let problem: string | undefined;
  if (NUMBER_OPS.has(clause.op) || (clause.op === 'in' && clause.valueType === 'number')) {
    const v = bad((x) => typeof x === 'number');
    if (v !== undefined) problem = `“${String(v)}” is not a number`;
  } else if (clause.op === 'in' && clause.valueType === 'boolean') {
    const v = bad((x) => typeof x === 'boolean');
    if (v !== undefined) problem = `“${String(v)}” is not true or false`;
  } else if (clause.op === 'before' || clause.op === 'after') {
    const v = bad((x) => typeof x === 'number' || !Number.isNaN(Date.parse(String(x))));
    if (v !== undefined)
      problem = `“${String(v)}” is not a date (2026-12-31T00:00:00Z) or milliseconds since 1970`;
  } else if (SEMVER_OPS.has(clause.op)) {
    const v = bad((x) => parseSemVer(String(x)) !== undefined);
    if (v !== undefined) problem = `“${String(v)}” is not a semantic version such as 2.1.0`;
  } else if (clause.op === 'matches') {
    for (const v of values) {
      const compiled = compileRe2Pattern(String(v));
      if ('error' in compiled) {
        problem = `“${String(v)}” never matches: ${compiled.error}`;
        break;
      }
    }
  }
  if (problem !== undefined) errors.set(`${at}/values`, problem);
}

function checkServe(serve: ServeDraft, at: string, errors: Map<string, string>): void {
  if (serve.mode === 'variation') return;
  let total = 0;
  for (const [i, typed] of serve.weights.entries()) {
    const weight = weightOf(typed);
    if (!Number.isFinite(weight) || weight < 0 || weight > 100000)
      errors.set(`${at}/rollout/variations/${i}/weight`, 'A percentage from 0 to 100');
    else total += weight;
  }
  if (total !== 100000)
    errors.set(
      `${at}/rollout/variations`,
      `The percentages add up to ${total / 1000} %; they must add up to 100 %`,
    );
  if (serve.contextKind.trim() === '')
    errors.set(`${at}/rollout/contextKind`, 'Name the context kind to bucket by');
}

export function validateDraft(draft: Draft, flagKey: string): FieldErrors {
  const errors = new Map<string, string>();
  for (const [i, target] of draft.targets.entries()) {
    if (target.contextKind.trim() === '') errors.set(`/targets/${i}/contextKind`, 'Name a context kind');
    if (target.keys.trim() === '')
      errors.set(`/targets/${i}/values`, 'Add at least one key, or remove the target');
  }
  for (const [i, rule] of draft.rules.entries()) {
    if (rule.clauses.length === 0) errors.set(`/rules/${i}/clauses`, 'A rule needs at least one clause');
    for (const [j, clause] of rule.clauses.entries()) checkClause(clause, `/rules/${i}/clauses/${j}`, errors);
    checkServe(rule.serve, `/rules/${i}`, errors);
  }
  checkServe(draft.fallthrough, '/fallthrough', errors);
  const seen = new Set<string>();
  for (const [i, p] of draft.prerequisites.entries()) {
    if (p.key === '') errors.set(`/prerequisites/${i}/key`, 'Choose a flag');
    else if (p.key === flagKey)
      errors.set(`/prerequisites/${i}/key`, 'A flag cannot be its own prerequisite');
    else if (seen.has(p.key)) errors.set(`/prerequisites/${i}/key`, 'This flag is already a prerequisite');
    seen.add(p.key);
  }
  return errors;
}

/** Clause checks alone, for segment rules (same pointers, `${at}/${j}/values`). */
export function validateClauses(
  clauses: readonly ClauseDraft[],
  at: string,
  errors: Map<string, string>,
): void {
  for (const [j, clause] of clauses.entries()) checkClause(clause, `${at}/${j}`, errors);
}
