/** The foot of every dialog: what went wrong (the API's own message), Cancel, and the one action. */
import { errorMessage } from './states';

export interface DialogActionsProps {
  /** Shown as an alert; undefined when nothing went wrong. */
  readonly error?: unknown;
  readonly onCancel: () => void;
  readonly label: string;
  readonly busyLabel: string;
  readonly busy: boolean;
  readonly tone?: 'primary' | 'danger';
  /** Without it, the action submits the dialog's form. */
  readonly onAction?: () => void;
}

export function DialogActions(props: DialogActionsProps) {
  return (
    <>
      {props.error !== undefined && (
        <p className="field-error" role="alert">
          {errorMessage(props.error)}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button
          type={props.onAction ? 'button' : 'submit'}
          className={props.tone ?? 'primary'}
          disabled={props.busy}
          onClick={props.onAction}
        >
          {props.busy ? props.busyLabel : props.label}
        </button>
      </div>
    </>
  );
}
