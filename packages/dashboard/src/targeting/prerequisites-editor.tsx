/** Prerequisites: other flags that must serve a given variation before this flag's targeting applies. */
import type { Flag } from '@switchyard/server/admin-types';
import { type PrerequisiteDraft, uid } from './draft';
import { FieldError, useFieldError } from './field-errors';
import { removeAt, replaceAt } from './list-edits';
import { VariationOptions } from './variation-options';

export interface PrerequisitesEditorProps {
  readonly prerequisites: readonly PrerequisiteDraft[];
  readonly onChange: (prerequisites: readonly PrerequisiteDraft[]) => void;
  /** The project's other flags. */
  readonly flags: readonly Flag[];
}

export function PrerequisitesEditor({ prerequisites, onChange, flags }: PrerequisitesEditorProps) {
  return (
    <section className="card" aria-labelledby="prerequisites-title">
      <h2 id="prerequisites-title">Prerequisites</h2>
      <p className="help">
        When a prerequisite does not serve the chosen variation, this flag serves its off variation.
      </p>
      {prerequisites.map((p, i) => (
        <PrerequisiteRow
          key={p.uid}
          index={i}
          value={p}
          flags={flags}
          onChange={(next) => onChange(replaceAt(prerequisites, i, next))}
          onRemove={() => onChange(removeAt(prerequisites, i))}
        />
      ))}
      <button
        type="button"
        disabled={flags.length === 0}
        onClick={() => onChange([...prerequisites, { uid: uid(), key: '', variation: 0 }])}
      >
        Add a prerequisite
      </button>
    </section>
  );
}

function PrerequisiteRow(props: {
  readonly index: number;
  readonly value: PrerequisiteDraft;
  readonly flags: readonly Flag[];
  readonly onChange: (value: PrerequisiteDraft) => void;
  readonly onRemove: () => void;
}) {
  const { index, value, flags, onChange } = props;
  const path = `/prerequisites/${index}`;
  const keyError = useFieldError(`${path}/key`);
  const variations = flags.find((f) => f.key === value.key)?.variations ?? [];
  return (
    <div className="row prerequisite">
      <label>
        Prerequisite {index + 1} flag
        <select
          value={value.key}
          onChange={(e) => onChange({ ...value, key: e.target.value, variation: 0 })}
          {...keyError}
        >
          <option value="">Choose a flag…</option>
          {flags.map((f) => (
            <option key={f.key} value={f.key}>
              {f.name} ({f.key})
            </option>
          ))}
        </select>
        <FieldError path={`${path}/key`} />
      </label>
      <label>
        must serve
        <select
          value={value.variation}
          onChange={(e) => onChange({ ...value, variation: Number(e.target.value) })}
        >
          <VariationOptions variations={variations} />
        </select>
        <FieldError path={`${path}/variation`} />
      </label>
      <button type="button" className="link danger-text" onClick={props.onRemove}>
        Remove prerequisite {index + 1}
      </button>
    </div>
  );
}
