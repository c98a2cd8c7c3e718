/** The clauses of one rule (a flag's or a segment's): edit, remove, add. */
import { ClauseEditor } from './clause-editor';
import { type ClauseDraft, newClause } from './draft';
import { FieldError } from './field-errors';
import { removeAt, replaceAt } from './list-edits';

export interface RuleClausesProps {
  /** The rule's index in its list. */
  readonly index: number;
  readonly clauses: readonly ClauseDraft[];
  readonly onChange: (clauses: readonly ClauseDraft[]) => void;
  readonly segmentKeys: readonly string[];
}

export function RuleClauses({ index, clauses, onChange, segmentKeys }: RuleClausesProps) {
  return (
    <>
      {clauses.map((clause, j) => (
        <ClauseEditor
          key={clause.uid}
          value={clause}
          name={`Clause ${j + 1} of rule ${index + 1}`}
          path={`/rules/${index}/clauses/${j}`}
          segmentKeys={segmentKeys}
          onChange={(c) => onChange(replaceAt(clauses, j, c))}
          onRemove={() => onChange(removeAt(clauses, j))}
        />
      ))}
      <FieldError path={`/rules/${index}/clauses`} />
      <button type="button" onClick={() => onChange([...clauses, newClause()])}>
        Add a clause to rule {index + 1}
      </button>
    </>
  );
}
