/** A confirmation dialog's foot: the API's refusal if any, Cancel, and the confirming button. */
import { errorMessage } from './states';

export interface ConfirmActionsProps {
  /** What the confirming button says, naming what it does. */
  readonly label: string;
  readonly pending: boolean;
  readonly error: unknown;
  readonly tone: 'primary' | 'danger';
  readonly onConfirm: () => void;
  readonly onClose: () => void;
}

export function ConfirmActions({ label, pending, error, tone, onConfirm, onClose }: ConfirmActionsProps) {
  return (
    <>
      {error !== null && error !== undefined && (
        <p className="field-error" role="alert">
          {errorMessage(error)}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className={tone} disabled={pending} onClick={onConfirm}>
          {pending ? 'Saving…' : label}
        </button>
      </div>
    </>
  );
}
