/**
 * Semantic checks of targeting data, beyond what the request schema can say: indexes
 * in range, weights that add up, references that parse, operators that exist. Each
 * problem names its place as a JSON pointer, so a person can find and fix it.
 */
import { type JsonValue, OPERATORS, parseReference } from '@switchyard/engine';
import type { ErrorDetail } from './errors.js';

const KNOWN_OPERATORS: ReadonlySet<string> = new Set(OPERATORS);

type Issues = ErrorDetail[];
type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The JSON type of a variation value, for "variations of one type". */
export function jsonType(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function checkVariations(variations: readonly JsonValue[], path: string, issues: Issues): void {
  if (variations.length === 0) issues.push({ path, message: 'a flag needs at least one variation' });
  const first = variations[0];
  if (first === undefined) return;
  const type = jsonType(first) === 'array' || jsonType(first) === 'object' ? 'json' : jsonType(first);
  for (const [i, value] of variations.entries()) {
    const t = jsonType(value);
    const kind = t === 'array' || t === 'object' ? 'json' : t;
    if (kind === 'null') issues.push({ path: `${path}/${i}`, message: 'a variation cannot be null' });
    else if (kind !== type)
      issues.push({
        path: `${path}/${i}`,
        message: `all variations must be of one type: this one is ${t}, the first is ${jsonType(first)}`,
      });
  }
}

function checkIndex(value: unknown, count: number, path: string, issues: Issues): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= count) {
    issues.push({ path, message: `must be a variation index from 0 to ${count - 1}` });
  }
}

function checkReference(attribute: unknown, literal: boolean, path: string, issues: Issues): void {
  if (typeof attribute !== 'string' || attribute === '') {
    issues.push({ path, message: 'an attribute is required' });
  } else if (!literal && !parseReference(attribute).valid) {
    issues.push({ path, message: `"${attribute}" is not a valid attribute reference` });
  }
}

export function checkClauses(clauses: unknown, path: string, issues: Issues): void {
  for (const [i, clause] of list(clauses).entries()) {
    const at = `${path}/${i}`;
    if (!isObject(clause)) {
      issues.push({ path: at, message: 'a clause must be an object' });
      continue;
    }
    if (typeof clause.op !== 'string' || !KNOWN_OPERATORS.has(clause.op)) {
      issues.push({
        path: `${at}/op`,
        message: `unknown operator ${JSON.stringify(clause.op)}; use one of ${OPERATORS.join(', ')}`,
      });
    }
    if (!Array.isArray(clause.values))
      issues.push({ path: `${at}/values`, message: 'values must be an array' });
    // A `matches` pattern RE2 cannot compile is not refused: it never matches, and the admin API
    // lists it as a warning (ADR 0009), so LaunchDarkly data holding one still imports.
    if (clause.op !== 'segmentMatch')
      checkReference(clause.attribute, clause.contextKind === undefined, `${at}/attribute`, issues);
  }
}

export function checkVariationOrRollout(value: unknown, count: number, path: string, issues: Issues): void {
  if (!isObject(value)) {
    issues.push({ path, message: 'needs a variation or a rollout' });
    return;
  }
  if (value.variation !== undefined && value.variation !== null) {
    checkIndex(value.variation, count, `${path}/variation`, issues);
    return;
  }
  const rollout = value.rollout;
  if (!isObject(rollout)) {
    issues.push({ path, message: 'needs a variation or a rollout' });
    return;
  }
  const weighted = list(rollout.variations);
  if (weighted.length === 0)
    issues.push({ path: `${path}/rollout/variations`, message: 'a rollout needs at least one variation' });
  let total = 0;
  for (const [i, w] of weighted.entries()) {
    const at = `${path}/rollout/variations/${i}`;
    if (!isObject(w)) {
      issues.push({ path: at, message: 'must be {variation, weight}' });
      continue;
    }
    checkIndex(w.variation, count, `${at}/variation`, issues);
    if (typeof w.weight !== 'number' || !Number.isInteger(w.weight) || w.weight < 0 || w.weight > 100000) {
      issues.push({
        path: `${at}/weight`,
        message: 'must be an integer from 0 to 100000 (thousandths of a percent)',
      });
    } else total += w.weight;
  }
  if (weighted.length > 0 && total !== 100000) {
    issues.push({
      path: `${path}/rollout/variations`,
      message: `weights add up to ${total}, not 100000 (100%)`,
    });
  }
  if (rollout.bucketBy !== undefined)
    checkReference(rollout.bucketBy, rollout.contextKind === undefined, `${path}/rollout/bucketBy`, issues);
}

/** Checks one environment's targeting of a flag with `count` variations. */
export function checkFlagConfig(
  config: Json,
  count: number,
  flagKey: string,
  path: string,
  issues: Issues,
): void {
  if (config.offVariation !== null && config.offVariation !== undefined)
    checkIndex(config.offVariation, count, `${path}/offVariation`, issues);
  checkVariationOrRollout(config.fallthrough, count, `${path}/fallthrough`, issues);
  for (const field of ['targets', 'contextTargets'] as const) {
    for (const [i, t] of list(config[field]).entries()) {
      if (isObject(t)) checkIndex(t.variation, count, `${path}/${field}/${i}/variation`, issues);
    }
  }
  const ruleIds = new Set<string>();
  for (const [i, rule] of list(config.rules).entries()) {
    const at = `${path}/rules/${i}`;
    if (!isObject(rule)) {
      issues.push({ path: at, message: 'a rule must be an object' });
      continue;
    }
    if (typeof rule.id === 'string') {
      if (ruleIds.has(rule.id))
        issues.push({ path: `${at}/id`, message: `rule id "${rule.id}" is used twice` });
      ruleIds.add(rule.id);
    }
    checkClauses(rule.clauses, `${at}/clauses`, issues);
    checkVariationOrRollout(rule, count, at, issues);
  }
  for (const [i, p] of list(config.prerequisites).entries()) {
    if (isObject(p) && p.key === flagKey)
      issues.push({
        path: `${path}/prerequisites/${i}/key`,
        message: 'a flag cannot be its own prerequisite',
      });
  }
}

export function checkSegmentRules(rules: unknown, path: string, issues: Issues): void {
  for (const [i, rule] of list(rules).entries()) {
    const at = `${path}/${i}`;
    if (!isObject(rule)) {
      issues.push({ path: at, message: 'a rule must be an object' });
      continue;
    }
    checkClauses(rule.clauses, `${at}/clauses`, issues);
    if (rule.weight !== undefined && rule.weight !== null) {
      if (
        typeof rule.weight !== 'number' ||
        !Number.isInteger(rule.weight) ||
        rule.weight < 0 ||
        rule.weight > 100000
      ) {
        issues.push({ path: `${at}/weight`, message: 'must be an integer from 0 to 100000' });
      }
    }
    if (rule.bucketBy !== undefined)
      checkReference(rule.bucketBy, rule.rolloutContextKind === undefined, `${at}/bucketBy`, issues);
  }
}
