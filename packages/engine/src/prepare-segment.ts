import {
  type AttributeReference,
  KEY_REFERENCE,
  literalReference,
  parseReference,
} from './attribute-reference.js';
import { arrayOf, isRecord, numberOr, stringOr } from './json.js';
import type { SegmentJson } from './model.js';
import type { PrepareOptions } from './pattern.js';
import { type PreparedClause, prepareClauses } from './prepare-clause.js';

export interface PreparedSegmentTarget {
  readonly contextKind: string;
  readonly keys: ReadonlySet<string>;
}

export interface PreparedSegmentRule {
  readonly clauses: readonly PreparedClause[];
  /** In [0, 1]; undefined when the rule has no weight (every match is in). */
  readonly weight: number | undefined;
  readonly bucketBy: AttributeReference;
  readonly rolloutContextKind: string;
}

export interface PreparedSegment {
  readonly key: string;
  readonly version: number;
  readonly json: SegmentJson;
  readonly included: ReadonlySet<string>;
  readonly excluded: ReadonlySet<string>;
  readonly includedContexts: readonly PreparedSegmentTarget[];
  readonly excludedContexts: readonly PreparedSegmentTarget[];
  readonly rules: readonly PreparedSegmentRule[];
  /** `key.salt`, the prefix of weighted rules' hashes. */
  readonly bucketPrefix: string;
  readonly unbounded: boolean;
  readonly unboundedContextKind: string;
  readonly generation: number | undefined;
}

function keySet(raw: unknown): ReadonlySet<string> {
  return new Set(arrayOf<unknown>(raw).filter((v): v is string => typeof v === 'string'));
}

function prepareSegmentTargets(raw: unknown): PreparedSegmentTarget[] {
  return arrayOf<unknown>(raw)
    .filter(isRecord)
    .map((t) => ({ contextKind: stringOr(t.contextKind, 'user'), keys: keySet(t.values) }));
}

function prepareSegmentRule(rule: Record<string, unknown>, options: PrepareOptions): PreparedSegmentRule {
  const rolloutContextKind = stringOr(rule.rolloutContextKind, undefined);
  const bucketByName = stringOr(rule.bucketBy, undefined);
  let bucketBy = KEY_REFERENCE;
  if (bucketByName !== undefined) {
    bucketBy =
      rolloutContextKind === undefined ? literalReference(bucketByName) : parseReference(bucketByName);
  }
  const weight = numberOr(rule.weight, undefined);
  return {
    clauses: prepareClauses(rule.clauses, options),
    weight: weight === undefined ? undefined : weight / 100000,
    bucketBy,
    rolloutContextKind: rolloutContextKind ?? 'user',
  };
}

export function prepareSegment(raw: SegmentJson, mapKey: string, options: PrepareOptions): PreparedSegment {
  const segment = raw as Record<string, unknown>;
  const key = stringOr(segment.key, mapKey);
  return {
    key,
    version: numberOr(segment.version, 1),
    json: raw,
    included: keySet(segment.included),
    excluded: keySet(segment.excluded),
    includedContexts: prepareSegmentTargets(segment.includedContexts),
    excludedContexts: prepareSegmentTargets(segment.excludedContexts),
    rules: arrayOf<unknown>(segment.rules)
      .filter(isRecord)
      .map((rule) => prepareSegmentRule(rule, options)),
    bucketPrefix: `${key}.${stringOr(segment.salt, '')}`,
    unbounded: segment.unbounded === true,
    unboundedContextKind: stringOr(segment.unboundedContextKind, 'user'),
    generation: numberOr(segment.generation, undefined),
  };
}
