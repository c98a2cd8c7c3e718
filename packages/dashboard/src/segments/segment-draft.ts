/** A segment as the segment page edits it, and the admin API body it saves. */
import type { Segment, SegmentBody } from '@switchyard/server/admin-types';
import { clauseBody, clauseFrom, splitKeys, uid, weightOf } from '../targeting/draft';
import { validateClauses } from '../targeting/validate-draft';
import type { SegmentRuleDraft } from './segment-rules-editor';

export interface SegmentDraft {
  readonly name: string;
  readonly description: string;
  readonly included: string;
  readonly excluded: string;
  readonly rules: readonly SegmentRuleDraft[];
}

export function segmentDraftFrom(segment: Segment): SegmentDraft {
  return {
    name: segment.name,
    description: segment.description,
    included: segment.included.join('\n'),
    excluded: segment.excluded.join('\n'),
    rules: segment.rules.map((rule) => ({
      uid: uid(),
      ...(rule.id === undefined ? {} : { id: rule.id }),
      clauses: (rule.clauses ?? []).map(clauseFrom),
      percent: rule.weight === undefined || rule.weight === null ? '' : String(rule.weight / 1000),
      ...(rule.bucketBy === undefined ? {} : { bucketBy: rule.bucketBy }),
      ...(rule.rolloutContextKind === undefined ? {} : { rolloutContextKind: rule.rolloutContextKind }),
    })),
  };
}

export function segmentBody(draft: SegmentDraft, version: number, comment: string): SegmentBody {
  return {
    name: draft.name,
    description: draft.description,
    included: splitKeys(draft.included),
    excluded: splitKeys(draft.excluded),
    rules: draft.rules.map((rule) => ({
      ...(rule.id === undefined ? {} : { id: rule.id }),
      clauses: rule.clauses.map(clauseBody),
      ...(rule.percent.trim() === '' ? {} : { weight: weightOf(rule.percent) }),
      ...(rule.bucketBy === undefined ? {} : { bucketBy: rule.bucketBy }),
      ...(rule.rolloutContextKind === undefined ? {} : { rolloutContextKind: rule.rolloutContextKind }),
    })),
    version,
    ...(comment.trim() === '' ? {} : { comment: comment.trim() }),
  };
}

export function validateSegment(draft: SegmentDraft): ReadonlyMap<string, string> {
  const errors = new Map<string, string>();
  for (const [i, rule] of draft.rules.entries()) {
    if (rule.clauses.length === 0) errors.set(`/rules/${i}/clauses`, 'A rule needs at least one clause');
    validateClauses(rule.clauses, `/rules/${i}/clauses`, errors);
    const weight = weightOf(rule.percent);
    if (rule.percent.trim() !== '' && (!Number.isFinite(weight) || weight < 0 || weight > 100000))
      errors.set(`/rules/${i}/weight`, 'A percentage from 0 to 100, or empty for all');
  }
  return errors;
}
