/**
 * Cuts an account's event publishing off: its events are dropped (reason kill-switch) on
 * every node until the expiry, which the backend keeps, or until someone lifts it. The reason
 * is required: it is audited and shown to the next person on call.
 */
import type { NewOverrideBody } from '@switchyard/server/admin-types';
import { type FormEvent, useState } from 'react';
import { DialogActions } from '../ui/dialog-actions';
import { Modal } from '../ui/modal';
import { useCutOff } from './ops-queries';

const REASON_MAX = 500;
type Expiry = '900' | '3600' | 'at' | 'lifted';

/** The expiry part of the request body, or a problem to show. */
function expiryOf(choice: Expiry, at: string, now: number): Partial<NewOverrideBody> | string {
  if (choice === 'lifted') return {};
  if (choice !== 'at') return { expiresInSeconds: Number(choice) };
  // datetime-local is the browser's local time without a zone; Date reads it as such.
  const when = at === '' ? Number.NaN : new Date(at).getTime();
  if (Number.isNaN(when)) return 'Choose the date and time the cut-off ends.';
  if (when <= now) return 'The end must be in the future.';
  return { expiresAt: new Date(when).toISOString() };
}

export interface CutOffDialogProps {
  readonly account: { readonly key: string; readonly name: string };
  readonly onClose: () => void;
}

export function CutOffDialog({ account, onClose }: CutOffDialogProps) {
  const cut = useCutOff();
  const [choice, setChoice] = useState<Expiry>('900');
  const [problem, setProblem] = useState<string | undefined>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const reason = String(data.get('reason') ?? '').trim();
    if (reason === '') return setProblem('Give a reason: it is audited and shown to whoever looks next.');
    const expiry = expiryOf(choice, String(data.get('at') ?? ''), Date.now());
    if (typeof expiry === 'string') return setProblem(expiry);
    setProblem(undefined);
    cut.mutate(
      { account: account.key, body: { kind: 'kill-switch', reason, ...expiry } },
      { onSuccess: onClose },
    );
  }

  return (
    <Modal title={`Cut off ${account.name}?`} onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <p>
          Every event {account.name} ({account.key}) sends is dropped on every node, answered{' '}
          <code>dropped; reason=kill-switch</code>. Other accounts are not touched.
        </p>
        <label>
          Reason
          <textarea name="reason" rows={2} maxLength={REASON_MAX} required />
        </label>
        <fieldset className="choices">
          <legend>Ends</legend>
          {(
            [
              ['900', 'In 15 minutes'],
              ['3600', 'In 1 hour'],
              ['at', 'At a time'],
              ['lifted', 'When lifted'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="check">
              <input
                type="radio"
                name="ends"
                value={value}
                checked={choice === value}
                onChange={() => setChoice(value)}
              />
              {label}
            </label>
          ))}
          {choice === 'at' && (
            <label>
              End time
              <input name="at" type="datetime-local" step={1} required />
            </label>
          )}
        </fieldset>
        <DialogActions
          error={problem ?? (cut.isError ? cut.error : undefined)}
          onCancel={onClose}
          label="Cut off"
          busyLabel="Cutting off…"
          busy={cut.isPending}
          tone="danger"
        />
      </form>
    </Modal>
  );
}
