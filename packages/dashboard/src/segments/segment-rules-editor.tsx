/** A segment's rules: contexts matching every clause of a rule are in (or a percentage of them). */

import { type ClauseDraft, newClause, uid } from '../targeting/draft';
import { FieldError, useFieldError } from '../targeting/field-errors';
import { removeAt, replaceAt } from '../targeting/list-edits';
import { RuleClauses } from '../targeting/rule-clauses';

export interface SegmentRuleDraft {
  readonly uid: string;
  readonly id?: string;
  readonly clauses: readonly ClauseDraft[];
  /** Percent of matching contexts that are in, as typed; empty for all of them. */
  readonly percent: string;
  readonly bucketBy?: string;
  readonly rolloutContextKind?: string;
}

export const newSegmentRule = (): SegmentRuleDraft => ({ uid: uid(), clauses: [newClause()], percent: '' });

export function SegmentRulesEditor(props: {
  readonly rules: readonly SegmentRuleDraft[];
  readonly onChange: (rules: readonly SegmentRuleDraft[]) => void;
  readonly segmentKeys: readonly string[];
}) {
  const { rules, onChange } = props;
  return (
    <section className="card" aria-labelledby="segment-rules-title">
      <h2 id="segment-rules-title">Rules</h2>
      <p className="help">
        Contexts that are not listed above are in the segment when every clause of a rule matches.
      </p>
      {rules.map((rule, i) => (
        <fieldset key={rule.uid} className="rule">
          <legend>Rule {i + 1}</legend>
          <RuleClauses
            index={i}
            clauses={rule.clauses}
            segmentKeys={props.segmentKeys}
            onChange={(clauses) => onChange(replaceAt(rules, i, { ...rule, clauses }))}
          />
          <PercentField
            index={i}
            value={rule.percent}
            onChange={(percent) => onChange(replaceAt(rules, i, { ...rule, percent }))}
          />
          <div className="actions">
            <button type="button" className="danger-outline" onClick={() => onChange(removeAt(rules, i))}>
              Delete rule {i + 1}
            </button>
          </div>
        </fieldset>
      ))}
      <button type="button" onClick={() => onChange([...rules, newSegmentRule()])}>
        Add a rule
      </button>
    </section>
  );
}

function PercentField(props: {
  readonly index: number;
  readonly value: string;
  readonly onChange: (v: string) => void;
}) {
  const path = `/rules/${props.index}/weight`;
  const error = useFieldError(path);
  return (
    <label className="weight">
      Percentage of matching contexts in the segment (empty for all)
      <span className="with-unit">
        <input
          inputMode="decimal"
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          {...error}
        />
        %
      </span>
      <FieldError path={path} />
    </label>
  );
}
