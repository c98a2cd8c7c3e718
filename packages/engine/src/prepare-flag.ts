import type { Evaluation } from './evaluation.js';
import { arrayOf, deepFreeze, isRecord, numberOr, stringOr } from './json.js';
import type { FlagJson, JsonValue } from './model.js';
import type { PrepareOptions } from './pattern.js';
import { type PreparedClause, prepareClauses } from './prepare-clause.js';
import { outcome, prepareServe, type Serve } from './prepare-serve.js';
import {
  FALLTHROUGH,
  OFF,
  prerequisiteFailedReason,
  type Reason,
  ruleMatchReason,
  TARGET_MATCH,
} from './reason.js';

export interface PreparedTarget {
  readonly contextKind: string;
  readonly keys: ReadonlySet<string>;
  readonly result: Evaluation;
}

export interface PreparedPrerequisite {
  readonly key: string;
  readonly variation: unknown;
  /** The off variation with PREREQUISITE_FAILED naming this prerequisite. */
  readonly failed: Evaluation;
}

export interface PreparedRule {
  readonly clauses: readonly PreparedClause[];
  readonly serve: Serve;
}

/** A flag as the evaluator uses it: every list a Set, every result prebuilt. */
export interface PreparedFlag {
  readonly key: string;
  readonly version: number;
  /** The flag JSON as received (what SDKs are sent). */
  readonly json: FlagJson;
  readonly on: boolean;
  readonly off: Evaluation;
  readonly prerequisites: readonly PreparedPrerequisite[];
  readonly targets: readonly PreparedTarget[];
  readonly rules: readonly PreparedRule[];
  readonly fallthrough: Serve;
  /** Whether evaluation must track prerequisites, segment paths or Big Segment status. */
  readonly needsScope: boolean;
}

function offOutcome(variations: readonly JsonValue[], offVariation: unknown, reason: Reason): Evaluation {
  // No off variation is not an error: the value is null and the caller's default applies.
  if (typeof offVariation !== 'number') return Object.freeze({ value: null, variationIndex: null, reason });
  return outcome(variations, offVariation, reason);
}

interface RawTarget {
  readonly contextKind: string;
  readonly variation: unknown;
  readonly values: readonly unknown[];
}

function readTargets(raw: unknown, defaultKind: string): RawTarget[] {
  return arrayOf<unknown>(raw)
    .filter(isRecord)
    .map((t) => ({
      contextKind: stringOr(t.contextKind, defaultKind),
      variation: t.variation,
      values: arrayOf<unknown>(t.values),
    }));
}

/**
 * Target lists in the order they are checked. With context targets, a user-kind
 * entry is a placeholder for the user targets of the same variation.
 */
function prepareTargets(flag: Record<string, unknown>, variations: readonly JsonValue[]): PreparedTarget[] {
  const userTargets = readTargets(flag.targets, 'user');
  const contextTargets = readTargets(flag.contextTargets, 'user');
  const ordered =
    contextTargets.length === 0
      ? userTargets.map((t) => ({ ...t, contextKind: 'user' }))
      : contextTargets.flatMap((t) => {
          if (t.contextKind !== 'user') return [t];
          const users = userTargets.find((u) => u.variation === t.variation);
          return users === undefined ? [] : [{ ...users, contextKind: 'user' }];
        });
  return ordered.map((t) => ({
    contextKind: t.contextKind,
    keys: new Set(t.values.filter((v): v is string => typeof v === 'string')),
    result: outcome(variations, t.variation, TARGET_MATCH),
  }));
}

function usesSegments(rules: readonly PreparedRule[]): boolean {
  return rules.some((rule) => rule.clauses.some((clause) => clause.type === 'segment'));
}

export function prepareFlag(raw: FlagJson, mapKey: string, options: PrepareOptions): PreparedFlag {
  const flag = raw as Record<string, unknown>;
  const key = stringOr(flag.key, mapKey);
  const salt = stringOr(flag.salt, '');
  const variations = arrayOf<JsonValue>(flag.variations).map(deepFreeze);
  const offVariation = flag.offVariation;
  const prerequisites = arrayOf<unknown>(flag.prerequisites)
    .filter(isRecord)
    .map((p) => {
      const prerequisiteKey = stringOr(p.key, '');
      return {
        key: prerequisiteKey,
        variation: p.variation,
        failed: offOutcome(variations, offVariation, prerequisiteFailedReason(prerequisiteKey)),
      };
    });
  const rules = arrayOf<unknown>(flag.rules)
    .filter(isRecord)
    .map((rule, index) => ({
      clauses: prepareClauses(rule.clauses, options),
      serve: prepareServe(rule, variations, ruleMatchReason(index, stringOr(rule.id, undefined)), key, salt),
    }));
  return {
    key,
    version: numberOr(flag.version, 1),
    json: raw,
    on: flag.on === true,
    off: offOutcome(variations, offVariation, OFF),
    prerequisites,
    targets: prepareTargets(flag, variations),
    rules,
    fallthrough: prepareServe(flag.fallthrough, variations, FALLTHROUGH, key, salt),
    needsScope: prerequisites.length > 0 || usesSegments(rules),
  };
}
