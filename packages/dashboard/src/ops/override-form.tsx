/**
 * The parts every temporary override's dialog shares (a cut-off, a sampling ratio, a
 * per-second limit): the required reason, the expiry (15 minutes, 1 hour, until a time, or
 * until lifted) that the backend keeps, and reading them from the form with the problem
 * to show when one is missing.
 */
import type { NewOverrideBody } from '@switchyard/server/admin-types';
import { useState } from 'react';
import { RadioChoices } from '../ui/radio-choices';

const REASON_MAX = 500;
type Expiry = '900' | '3600' | 'at' | 'lifted';

const CHOICES = [
  ['900', 'In 15 minutes'],
  ['3600', 'In 1 hour'],
  ['at', 'At a time'],
  ['lifted', 'When lifted'],
] as const;

/** The expiry part of the request body, or a problem to show. */
function expiryOf(choice: Expiry, at: string, now: number, what: string): Partial<NewOverrideBody> | string {
  if (choice === 'lifted') return {};
  if (choice !== 'at') return { expiresInSeconds: Number(choice) };
  // datetime-local is the browser's local time without a zone; Date reads it as such.
  const when = at === '' ? Number.NaN : new Date(at).getTime();
  if (Number.isNaN(when)) return `Choose the date and time the ${what} ends.`;
  if (when <= now) return 'The end must be in the future.';
  return { expiresAt: new Date(when).toISOString() };
}

export type OverrideFields = Pick<NewOverrideBody, 'reason' | 'expiresAt' | 'expiresInSeconds'>;

/** The form's state: the expiry chosen, the problem shown, and `read` for the submit handler. */
export function useOverrideForm(what: string) {
  const [choice, setChoice] = useState<Expiry>('900');
  const [problem, setProblem] = useState<string | undefined>();
  /** The reason and expiry of a submitted form, or undefined (and a problem shown). */
  function read(form: HTMLFormElement): OverrideFields | undefined {
    const data = new FormData(form);
    const reason = String(data.get('reason') ?? '').trim();
    if (reason === '') {
      setProblem('Give a reason: it is audited and shown to whoever looks next.');
      return undefined;
    }
    const expiry = expiryOf(choice, String(data.get('at') ?? ''), Date.now(), what);
    if (typeof expiry === 'string') {
      setProblem(expiry);
      return undefined;
    }
    setProblem(undefined);
    return { reason, ...expiry };
  }
  return { choice, setChoice, problem, read };
}

export function OverrideFieldset({
  choice,
  setChoice,
}: Pick<ReturnType<typeof useOverrideForm>, 'choice' | 'setChoice'>) {
  return (
    <>
      <label>
        Reason
        <textarea name="reason" rows={2} maxLength={REASON_MAX} required />
      </label>
      <RadioChoices legend="Ends" name="ends" choices={CHOICES} value={choice} onChange={setChoice}>
        {choice === 'at' && (
          <label>
            End time
            <input name="at" type="datetime-local" step={1} required />
          </label>
        )}
      </RadioChoices>
    </>
  );
}
