/** Confirms rotating one key of one environment, naming both; the old value stops working at once. */
import { DialogActions } from '../ui/dialog-actions';
import { Modal } from '../ui/modal';
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
      <DialogActions
        error={rotate.isError ? rotate.error : undefined}
        onCancel={props.onClose}
        label={`Rotate the ${props.credentialName} of ${props.envName}`}
        busyLabel="Rotating…"
        busy={rotate.isPending}
        tone="danger"
        onAction={() => rotate.mutate(props.credential, { onSuccess: props.onRotated })}
      />
    </Modal>
  );
}
