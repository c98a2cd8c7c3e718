/** Confirms rotating one key of one environment, naming both; the old value stops working at once. */
import { Modal } from '../ui/modal';
import { errorMessage } from '../ui/states';
import { type Credential, useRotateCredential } from './environment-queries';

export interface RotateKeyDialogProps {
  readonly project: string;
  readonly env: string;
  readonly envName: string;
  readonly credential: Credential;
  readonly credentialName: string;
  readonly onClose: () => void;
  readonly onRotated: () => void;
}

export function RotateKeyDialog(props: RotateKeyDialogProps) {
  const rotate = useRotateCredential(props.project, props.env);
  return (
    <Modal title={`Rotate the ${props.credentialName} of ${props.envName}?`} onClose={props.onClose}>
      <p>
        A new {props.credentialName} is made for {props.envName}. The current one stops working at once: every
        SDK that uses it must be given the new value.
      </p>
      {rotate.isError && (
        <p className="field-error" role="alert">
          {errorMessage(rotate.error)}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={props.onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          disabled={rotate.isPending}
          onClick={() => rotate.mutate(props.credential, { onSuccess: props.onRotated })}
        >
          {rotate.isPending ? 'Rotating…' : `Rotate the ${props.credentialName} of ${props.envName}`}
        </button>
      </div>
    </Modal>
  );
}
