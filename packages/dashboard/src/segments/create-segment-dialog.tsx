/** Creates a segment in one environment: a name and a key. */
import { type FormEvent, useState } from 'react';
import { DialogActions } from '../ui/dialog-actions';
import { keyFrom } from '../ui/key-from';
import { Modal } from '../ui/modal';
import { useCreateSegment } from './segment-queries';

export function CreateSegmentDialog(props: {
  readonly project: string;
  readonly env: string;
  readonly envName: string;
  readonly onClose: () => void;
  readonly onCreated: (key: string) => void;
}) {
  const create = useCreateSegment(props.project, props.env);
  const [name, setName] = useState('');
  const [key, setKey] = useState<string | undefined>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const description = String(new FormData(event.currentTarget).get('description') ?? '').trim();
    const body = {
      key: key ?? keyFrom(name),
      name: name.trim(),
      ...(description === '' ? {} : { description }),
    };
    create.mutate(body, { onSuccess: () => props.onCreated(body.key) });
  }

  return (
    <Modal title={`Create a segment in ${props.envName}`} onClose={props.onClose}>
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
            pattern="[a-zA-Z0-9][a-zA-Z0-9._\-]*"
            value={key ?? keyFrom(name)}
            onChange={(e) => setKey(e.target.value)}
          />
        </label>
        <label>
          Description
          <textarea name="description" rows={2} />
        </label>
        <DialogActions
          error={create.isError ? create.error : undefined}
          onCancel={props.onClose}
          label="Create segment"
          busyLabel="Creating…"
          busy={create.isPending}
        />
      </form>
    </Modal>
  );
}
