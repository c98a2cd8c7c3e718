/** Creates a flag: name, key, kind with its variations, tags, temporary or permanent. */
import type { NewFlagBody } from '@switchyard/server/admin-types';
import { type FormEvent, useState } from 'react';
import { DialogActions } from '../ui/dialog-actions';
import { keyFrom } from '../ui/key-from';
import { Modal } from '../ui/modal';
import { errorMessage } from '../ui/states';
import { useCreateFlag } from './flag-queries';

type Kind = 'boolean' | 'string' | 'number' | 'json';

/** The variations typed one per line, as the kind says; an Error names the line that does not parse. */
function parseVariations(kind: Kind, text: string): unknown[] | undefined {
  if (kind === 'boolean') return undefined;
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.map((line, i) => {
    if (kind === 'string') return line;
    const value: unknown = kind === 'number' ? Number(line) : safeParse(line);
    if (value === undefined || (kind === 'number' && Number.isNaN(value)))
      throw new Error(`Variation ${i + 1} is not ${kind === 'number' ? 'a number' : 'JSON'}`);
    return value;
  });
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function CreateFlagDialog({
  project,
  onClose,
  onCreated,
}: {
  readonly project: string;
  readonly onClose: () => void;
  readonly onCreated: (key: string) => void;
}) {
  const create = useCreateFlag(project);
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [keyEdited, setKeyEdited] = useState(false);
  const [kind, setKind] = useState<Kind>('boolean');
  const [formError, setFormError] = useState<string | undefined>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    let variations: unknown[] | undefined;
    try {
      variations = parseVariations(kind, String(form.get('variations') ?? ''));
    } catch (err) {
      return setFormError(errorMessage(err));
    }
    setFormError(undefined);
    const tags = String(form.get('tags') ?? '')
      .split(/[\s,]+/)
      .filter((t) => t !== '');
    const description = String(form.get('description') ?? '').trim();
    const body: NewFlagBody = {
      key: keyEdited ? key : keyFrom(name),
      name: name.trim(),
      temporary: form.get('temporary') === 'on',
      ...(description === '' ? {} : { description }),
      ...(tags.length === 0 ? {} : { tags }),
      ...(variations === undefined ? {} : { variations }),
    };
    create.mutate(body, { onSuccess: () => onCreated(body.key) });
  }

  const error = formError ?? (create.isError ? errorMessage(create.error) : undefined);
  return (
    <Modal title="Create flag" onClose={onClose}>
      <form className="stack" onSubmit={submit}>
        <label>
          Name
          <input name="name" required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Key
          <input
            name="key"
            required
            pattern="[a-zA-Z0-9._\-]+"
            value={keyEdited ? key : keyFrom(name)}
            onChange={(e) => {
              setKeyEdited(true);
              setKey(e.target.value);
            }}
          />
        </label>
        <label>
          Description
          <textarea name="description" rows={2} />
        </label>
        <label>
          Tags
          <input name="tags" placeholder="checkout, team:web" />
        </label>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="boolean">Boolean (true / false)</option>
            <option value="string">String</option>
            <option value="number">Number</option>
            <option value="json">JSON</option>
          </select>
        </label>
        {kind !== 'boolean' && (
          <label>
            Variations, one per line
            <textarea name="variations" rows={3} required />
          </label>
        )}
        <label className="check">
          <input type="checkbox" name="temporary" defaultChecked />
          Temporary (remove the flag once rolled out)
        </label>
        <DialogActions
          error={error}
          onCancel={onClose}
          label="Create flag"
          busyLabel="Creating…"
          busy={create.isPending}
        />
      </form>
    </Modal>
  );
}
