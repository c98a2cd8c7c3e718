/** One clause: context kind, attribute, operator (every one the engine has), negation, values. */
import { OPERATORS } from '@switchyard/engine';
import type { ClauseDraft, ValueType } from './draft';
import { FieldError, useFieldError } from './field-errors';

const OPERATOR_NAMES: Readonly<Record<string, string>> = {
  in: 'is one of',
  endsWith: 'ends with',
  startsWith: 'starts with',
  matches: 'matches the pattern',
  contains: 'contains',
  lessThan: '<',
  lessThanOrEqual: '≤',
  greaterThan: '>',
  greaterThanOrEqual: '≥',
  before: 'is before',
  after: 'is after',
  semVerEqual: 'is the version',
  semVerLessThan: 'is a version before',
  semVerGreaterThan: 'is a version after',
  segmentMatch: 'is in segment',
};

const VALUE_HELP: Readonly<Record<string, string>> = {
  before: 'dates such as 2026-12-31T00:00:00Z, or milliseconds',
  after: 'dates such as 2026-12-31T00:00:00Z, or milliseconds',
  matches: 'RE2 patterns',
  segmentMatch: 'segment keys',
  semVerEqual: 'versions such as 2.1.0',
  semVerLessThan: 'versions such as 2.1.0',
  semVerGreaterThan: 'versions such as 2.1.0',
};

export interface ClauseEditorProps {
  readonly value: ClauseDraft;
  readonly onChange: (value: ClauseDraft) => void;
  readonly onRemove: () => void;
  /** `/rules/0/clauses/1` */
  readonly path: string;
  /** "Clause 1 of rule 2": names the group and its fields. */
  readonly name: string;
  /** Segment keys offered for segmentMatch. */
  readonly segmentKeys: readonly string[];
}

export function ClauseEditor({ value, onChange, onRemove, path, name, segmentKeys }: ClauseEditorProps) {
  const set = (change: Partial<ClauseDraft>) => onChange({ ...value, ...change });
  const segment = value.op === 'segmentMatch';
  const kindError = useFieldError(`${path}/contextKind`);
  const attributeError = useFieldError(`${path}/attribute`);
  const opError = useFieldError(`${path}/op`);
  const valuesError = useFieldError(`${path}/values`);
  return (
    <fieldset className="clause">
      <legend>{name}</legend>
      <div className="row">
        {!segment && (
          <>
            <label>
              Context kind
              <input
                value={value.contextKind}
                onChange={(e) => set({ contextKind: e.target.value })}
                {...kindError}
              />
              <FieldError path={`${path}/contextKind`} />
            </label>
            <label>
              Attribute
              <input
                value={value.attribute}
                onChange={(e) => set({ attribute: e.target.value })}
                {...attributeError}
              />
              <FieldError path={`${path}/attribute`} />
            </label>
          </>
        )}
        <label className="check">
          <input type="checkbox" checked={value.negate} onChange={(e) => set({ negate: e.target.checked })} />
          Not
        </label>
        <label>
          Operator
          <select value={value.op} onChange={(e) => set({ op: e.target.value })} {...opError}>
            {OPERATORS.map((op) => (
              <option key={op} value={op}>
                {OPERATOR_NAMES[op] ?? op} ({op})
              </option>
            ))}
          </select>
          <FieldError path={`${path}/op`} />
        </label>
        {value.op === 'in' && (
          <label>
            Values are
            <select value={value.valueType} onChange={(e) => set({ valueType: e.target.value as ValueType })}>
              <option value="string">text</option>
              <option value="number">numbers</option>
              <option value="boolean">true / false</option>
            </select>
          </label>
        )}
      </div>
      <label>
        Values, one per line{VALUE_HELP[value.op] ? ` (${VALUE_HELP[value.op]})` : ''}
        <textarea
          rows={Math.min(6, Math.max(2, value.values.split('\n').length))}
          value={value.values}
          onChange={(e) => set({ values: e.target.value })}
          {...valuesError}
        />
        <FieldError path={`${path}/values`} />
      </label>
      {segment && segmentKeys.length > 0 && (
        <p className="help">
          Segments here:{' '}
          {segmentKeys.map((k) => (
            <button
              key={k}
              type="button"
              className="link"
              onClick={() => set({ values: value.values.trim() === '' ? k : `${value.values.trim()}\n${k}` })}
            >
              {k}
            </button>
          ))}
        </p>
      )}
      <button type="button" className="link danger-text" onClick={onRemove}>
        Remove {name.toLowerCase()}
      </button>
    </fieldset>
  );
}
