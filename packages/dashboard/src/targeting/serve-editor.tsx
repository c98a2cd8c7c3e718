/** What a rule (or the default rule) serves: one variation, or a percentage rollout adding up to 100 %. */
import type { ServeDraft } from './draft';
import { variationLabel, weightOf } from './draft';
import { FieldError, useFieldError } from './field-errors';
import { replaceAt } from './list-edits';
import { VariationOptions } from './variation-options';

export interface ServeEditorProps {
  readonly value: ServeDraft;
  readonly onChange: (value: ServeDraft) => void;
  readonly variations: readonly unknown[];
  /** The pointer of the object holding `variation` / `rollout`: `/fallthrough`, `/rules/0`. */
  readonly path: string;
  readonly label: string;
}

const ROLLOUT = 'rollout';

export function ServeEditor({ value, onChange, variations, path, label }: ServeEditorProps) {
  const totalError = useFieldError(`${path}/rollout/variations`);
  const total = value.weights.reduce((sum, w) => sum + (Number.isFinite(weightOf(w)) ? weightOf(w) : 0), 0);
  return (
    <div className="serve">
      <label>
        {label}
        <select
          value={value.mode === 'rollout' ? ROLLOUT : String(value.variation)}
          onChange={(e) =>
            onChange(
              e.target.value === ROLLOUT
                ? { ...value, mode: 'rollout' }
                : { ...value, mode: 'variation', variation: Number(e.target.value) },
            )
          }
        >
          <VariationOptions variations={variations} />
          <option value={ROLLOUT}>A percentage rollout</option>
        </select>
      </label>
      {value.mode === 'rollout' && (
        <fieldset className="rollout" {...totalError}>
          <legend>Percentage rollout</legend>
          {variations.map((_, i) => (
            <WeightField
              key={variationLabel(variations, i)}
              label={`Percentage for ${variationLabel(variations, i)}`}
              path={`${path}/rollout/variations/${i}/weight`}
              value={value.weights[i] ?? '0'}
              onChange={(typed) => onChange({ ...value, weights: replaceAt(value.weights, i, typed) })}
            />
          ))}
          <p className={total === 100000 ? 'total ok' : 'total'} aria-live="polite">
            Total {total / 1000} %
          </p>
          <FieldError path={`${path}/rollout/variations`} />
          <div className="row">
            <label>
              Bucket by context kind
              <input
                value={value.contextKind}
                onChange={(e) => onChange({ ...value, contextKind: e.target.value })}
              />
            </label>
            <label>
              and attribute
              <input
                value={value.bucketBy}
                placeholder="key"
                onChange={(e) => onChange({ ...value, bucketBy: e.target.value })}
              />
            </label>
          </div>
          <FieldError path={`${path}/rollout/contextKind`} />
        </fieldset>
      )}
    </div>
  );
}

function WeightField(props: {
  readonly label: string;
  readonly path: string;
  readonly value: string;
  readonly onChange: (typed: string) => void;
}) {
  const error = useFieldError(props.path);
  return (
    <label className="weight">
      <span>{props.label}</span>
      <span className="with-unit">
        <input
          inputMode="decimal"
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          {...error}
        />
        %
      </span>
      <FieldError path={props.path} />
    </label>
  );
}
