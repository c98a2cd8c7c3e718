/**
 * The targeting editor's draft: a flag's configuration in one environment, shaped for
 * form fields (clause values and target keys as typed text, rollout weights in percent),
 * and the conversions to and from the admin API's body. Both sides of the diff go through
 * `toBody`, so a change shows only what the person changed.
 */
import { contextTargetsWith } from '@switchyard/engine';
import type { Flag, FlagConfig, TargetingBody } from '@switchyard/server/admin-types';

export type ValueType = 'string' | 'number' | 'boolean';

export interface ClauseDraft {
  readonly uid: string;
  readonly contextKind: string;
  readonly attribute: string;
  readonly op: string;
  readonly negate: boolean;
  /** One value per line. */
  readonly values: string;
  /** How `in` reads its values; the other operators say it themselves. */
  readonly valueType: ValueType;
}

export interface ServeDraft {
  readonly mode: 'variation' | 'rollout';
  readonly variation: number;
  /** Percent per variation index, as typed. */
  readonly weights: readonly string[];
  readonly contextKind: string;
  readonly bucketBy: string;
  /** Rollout fields the editor does not show, kept as they were (experiment kind, seed). */
  readonly kept: { readonly kind?: 'rollout' | 'experiment'; readonly seed?: number };
}

export interface RuleDraft {
  readonly uid: string;
  /** The rule's id on the server; new rules get one when saved. */
  readonly id?: string;
  readonly clauses: readonly ClauseDraft[];
  readonly serve: ServeDraft;
  readonly trackEvents: boolean;
}

export interface TargetDraft {
  readonly uid: string;
  readonly contextKind: string;
  readonly variation: number;
  /** Keys separated by newlines, commas or spaces. */
  readonly keys: string;
}

export interface PrerequisiteDraft {
  readonly uid: string;
  readonly key: string;
  readonly variation: number;
}

export interface Availability {
  readonly usingMobileKey: boolean;
  readonly usingEnvironmentId: boolean;
}

export interface Draft {
  readonly on: boolean;
  readonly offVariation: number | null;
  readonly fallthrough: ServeDraft;
  readonly targets: readonly TargetDraft[];
  readonly rules: readonly RuleDraft[];
  readonly prerequisites: readonly PrerequisiteDraft[];
  /** The flag's client-side availability: part of its definition, so it applies to every environment. */
  readonly availability: Availability;
}

let nextUid = 0;
/** A React key for a new row. */
export const uid = (): string => `u${++nextUid}`;

/** Target keys or segment keys as typed: split on newlines, commas and whitespace, duplicates dropped. */
export function splitKeys(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((k) => k !== ''))];
}

const percent = (weight: number | undefined): string => String((weight ?? 0) / 1000);

export function newServe(variationCount: number, variation = 0): ServeDraft {
  return {
    mode: 'variation',
    variation,
    weights: Array.from({ length: variationCount }, () => '0'),
    contextKind: 'user',
    bucketBy: '',
    kept: {},
  };
}

function serveFrom(value: FlagConfig['fallthrough'], variationCount: number): ServeDraft {
  const base = newServe(variationCount, value.variation ?? 0);
  const rollout = value.rollout;
  if (rollout === undefined || value.variation !== undefined) return base;
  const weights = [...base.weights];
  for (const w of rollout.variations ?? [])
    if (w.variation !== undefined) weights[w.variation] = percent(w.weight);
  return {
    ...base,
    mode: 'rollout',
    weights,
    contextKind: rollout.contextKind ?? 'user',
    bucketBy: rollout.bucketBy ?? '',
    kept: {
      ...(rollout.kind === undefined ? {} : { kind: rollout.kind }),
      ...(rollout.seed === undefined ? {} : { seed: rollout.seed }),
    },
  };
}

function valueTypeOf(values: readonly unknown[]): ValueType {
  const first = values[0];
  return typeof first === 'number' ? 'number' : typeof first === 'boolean' ? 'boolean' : 'string';
}

export function newClause(): ClauseDraft {
  return {
    uid: uid(),
    contextKind: 'user',
    attribute: 'key',
    op: 'in',
    negate: false,
    values: '',
    valueType: 'string',
  };
}

export function clauseFrom(clause: {
  readonly contextKind?: string;
  readonly attribute?: string;
  readonly op?: string;
  readonly values?: readonly unknown[];
  readonly negate?: boolean;
}): ClauseDraft {
  const values = clause.values ?? [];
  return {
    uid: uid(),
    contextKind: clause.contextKind ?? 'user',
    attribute: clause.attribute ?? '',
    op: clause.op ?? 'in',
    negate: clause.negate ?? false,
    values: values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n'),
    valueType: valueTypeOf(values),
  };
}

export function draftFrom(flag: Flag, config: FlagConfig): Draft {
  const count = flag.variations.length;
  const userTargets: TargetDraft[] = config.targets.map((t) => ({
    uid: uid(),
    contextKind: 'user',
    variation: t.variation ?? 0,
    keys: (t.values ?? []).join('\n'),
  }));
  const otherTargets: TargetDraft[] = config.contextTargets
    .filter((t) => (t.contextKind ?? 'user') !== 'user')
    .map((t) => ({
      uid: uid(),
      contextKind: t.contextKind ?? 'user',
      variation: t.variation ?? 0,
      keys: (t.values ?? []).join('\n'),
    }));
  return {
    on: config.on,
    offVariation: config.offVariation,
    fallthrough: serveFrom(config.fallthrough, count),
    targets: [...userTargets, ...otherTargets],
    rules: config.rules.map((rule) => ({
      uid: uid(),
      id: rule.id,
      clauses: rule.clauses.map(clauseFrom),
      serve: serveFrom(rule, count),
      trackEvents: rule.trackEvents,
    })),
    prerequisites: config.prerequisites.map((p) => ({
      uid: uid(),
      key: p.key ?? '',
      variation: p.variation ?? 0,
    })),
    availability: { ...flag.clientSideAvailability },
  };
}

const NUMBER_OPS = new Set(['lessThan', 'lessThanOrEqual', 'greaterThan', 'greaterThanOrEqual']);
const DATE_OPS = new Set(['before', 'after']);

/** The clause's values as the operator reads them (an unparsable number stays text, and validation says so). */
export function clauseValues(clause: ClauseDraft): unknown[] {
  const lines = clause.values
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const asNumber = (l: string) => (l !== '' && Number.isFinite(Number(l)) ? Number(l) : l);
  if (NUMBER_OPS.has(clause.op)) return lines.map(asNumber);
  if (DATE_OPS.has(clause.op)) return lines.map(asNumber);
  if (clause.op === 'in' && clause.valueType === 'number') return lines.map(asNumber);
  if (clause.op === 'in' && clause.valueType === 'boolean')
    return lines.map((l) => (l === 'true' ? true : l === 'false' ? false : l));
  return lines;
}

export function clauseBody(clause: ClauseDraft) {
  return {
    contextKind: clause.contextKind,
    attribute: clause.op === 'segmentMatch' ? 'segmentMatch' : clause.attribute,
    op: clause.op,
    values: clauseValues(clause),
    negate: clause.negate,
  };
}

/** Percent as typed to the API's thousandths of a percent (NaN when it is not a number). */
export const weightOf = (typed: string): number =>
  Math.round(Number(typed.trim() === '' ? Number.NaN : typed) * 1000);

function serveBody(serve: ServeDraft): TargetingBody['fallthrough'] {
  if (serve.mode === 'variation') return { variation: serve.variation };
  return {
    rollout: {
      ...serve.kept,
      contextKind: serve.contextKind,
      ...(serve.bucketBy.trim() === '' ? {} : { bucketBy: serve.bucketBy.trim() }),
      variations: serve.weights.map((w, variation) => ({ variation, weight: weightOf(w) })),
    },
  };
}

/** What is saved: the targeting body (without `version`) and the flag's client-side availability. */
export interface DraftBody {
  readonly targeting: Omit<TargetingBody, 'version'>;
  readonly clientSideAvailability: Availability;
}

export function toBody(draft: Draft, config: FlagConfig): DraftBody {
  const userTargets = draft.targets.filter((t) => t.contextKind === 'user');
  const otherTargets = draft.targets.filter((t) => t.contextKind !== 'user');
  const target = (t: TargetDraft) => ({
    contextKind: t.contextKind,
    variation: t.variation,
    values: splitKeys(t.keys),
  });
  return {
    targeting: {
      on: draft.on,
      offVariation: draft.offVariation,
      fallthrough: serveBody(draft.fallthrough),
      targets: userTargets.map(({ variation, keys }) => ({ variation, values: splitKeys(keys) })),
      contextTargets: contextTargetsWith(userTargets, otherTargets.map(target)),
      rules: draft.rules.map((rule) => ({
        ...(rule.id === undefined ? {} : { id: rule.id }),
        clauses: rule.clauses.map(clauseBody),
        ...serveBody(rule.serve),
        trackEvents: rule.trackEvents,
      })),
      prerequisites: draft.prerequisites.map((p) => ({ key: p.key, variation: p.variation })),
      trackEvents: config.trackEvents,
      trackEventsFallthrough: config.trackEventsFallthrough,
      debugEventsUntilDate: config.debugEventsUntilDate,
    },
    clientSideAvailability: draft.availability,
  };
}

/** A variation as a person reads it: its number and value. */
export function variationLabel(variations: readonly unknown[], index: number): string {
  const text = JSON.stringify(variations[index]) ?? 'undefined';
  return `${index + 1}: ${text.length > 40 ? `${text.slice(0, 39)}…` : text}`;
}
