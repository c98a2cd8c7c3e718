/** Individual targets: context keys of one kind that get one variation, before any rule. */
import { splitKeys, type TargetDraft, uid } from './draft';
import { FieldError, useFieldError } from './field-errors';
import { removeAt, replaceAt } from './list-edits';
import { VariationOptions } from './variation-options';

export interface TargetsEditorProps {
  readonly targets: readonly TargetDraft[];
  readonly onChange: (targets: readonly TargetDraft[]) => void;
  readonly variations: readonly unknown[];
}

export function TargetsEditor({ targets, onChange, variations }: TargetsEditorProps) {
  return (
    <section className="card" aria-labelledby="targets-title">
      <h2 id="targets-title">Individual targets</h2>
      <p className="help">These contexts get the chosen variation whatever the rules say.</p>
      {targets.map((target, i) => (
        <TargetRow
          key={target.uid}
          index={i}
          target={target}
          variations={variations}
          onChange={(t) => onChange(replaceAt(targets, i, t))}
          onRemove={() => onChange(removeAt(targets, i))}
        />
      ))}
      <button
        type="button"
        onClick={() => onChange([...targets, { uid: uid(), contextKind: 'user', variation: 0, keys: '' }])}
      >
        Add individual targets
      </button>
    </section>
  );
}

function TargetRow(props: {
  readonly index: number;
  readonly target: TargetDraft;
  readonly variations: readonly unknown[];
  readonly onChange: (target: TargetDraft) => void;
  readonly onRemove: () => void;
}) {
  const { index, target, variations, onChange } = props;
  const path = `/targets/${index}`;
  const kindError = useFieldError(`${path}/contextKind`);
  const keysError = useFieldError(`${path}/values`);
  const count = splitKeys(target.keys).length;
  return (
    <fieldset className="target">
      <legend>Targets {index + 1}</legend>
      <div className="row">
        <label>
          Context kind
          <input
            value={target.contextKind}
            onChange={(e) => onChange({ ...target, contextKind: e.target.value })}
            {...kindError}
          />
          <FieldError path={`${path}/contextKind`} />
        </label>
        <label>
          Serve
          <select
            value={target.variation}
            onChange={(e) => onChange({ ...target, variation: Number(e.target.value) })}
          >
            <VariationOptions variations={variations} />
          </select>
        </label>
      </div>
      <label>
        Context keys ({count}), separated by lines, commas or spaces
        <textarea
          rows={2}
          value={target.keys}
          onChange={(e) => onChange({ ...target, keys: e.target.value })}
          {...keysError}
        />
        <FieldError path={`${path}/values`} />
      </label>
      <button type="button" className="link danger-text" onClick={props.onRemove}>
        Remove targets {index + 1}
      </button>
    </fieldset>
  );
}
