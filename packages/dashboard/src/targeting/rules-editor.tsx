/** The flag's rules in order: each a set of clauses (all must match) and what it serves. */

import { newClause, newServe, type RuleDraft, uid } from './draft';
import { moveBy, removeAt, replaceAt } from './list-edits';
import { RuleClauses } from './rule-clauses';
import { ServeEditor } from './serve-editor';

export interface RulesEditorProps {
  readonly rules: readonly RuleDraft[];
  readonly onChange: (rules: readonly RuleDraft[]) => void;
  readonly variations: readonly unknown[];
  readonly segmentKeys: readonly string[];
}

export function RulesEditor({ rules, onChange, variations, segmentKeys }: RulesEditorProps) {
  return (
    <section className="card" aria-labelledby="rules-title">
      <h2 id="rules-title">Rules</h2>
      <p className="help">
        Checked in order after individual targets; the first rule whose clauses all match serves.
      </p>
      {rules.map((rule, i) => (
        <fieldset key={rule.uid} className="rule">
          <legend>Rule {i + 1}</legend>
          <RuleClauses
            index={i}
            clauses={rule.clauses}
            segmentKeys={segmentKeys}
            onChange={(clauses) => onChange(replaceAt(rules, i, { ...rule, clauses }))}
          />
          <ServeEditor
            label={`Rule ${i + 1} serves`}
            path={`/rules/${i}`}
            value={rule.serve}
            variations={variations}
            onChange={(serve) => onChange(replaceAt(rules, i, { ...rule, serve }))}
          />
          <div className="actions">
            <button type="button" disabled={i === 0} onClick={() => onChange(moveBy(rules, i, -1))}>
              Move rule {i + 1} up
            </button>
            <button
              type="button"
              disabled={i === rules.length - 1}
              onClick={() => onChange(moveBy(rules, i, 1))}
            >
              Move rule {i + 1} down
            </button>
            <button type="button" className="danger-outline" onClick={() => onChange(removeAt(rules, i))}>
              Delete rule {i + 1}
            </button>
          </div>
        </fieldset>
      ))}
      {rules.length === 0 && (
        <p className="help">No rules: everyone not targeted individually gets the default rule.</p>
      )}
      <button
        type="button"
        onClick={() =>
          onChange([
            ...rules,
            { uid: uid(), clauses: [newClause()], serve: newServe(variations.length), trackEvents: false },
          ])
        }
      >
        Add a rule
      </button>
    </section>
  );
}
