/** Confirms turning a flag on or off, naming the environment it changes. */
import type { Flag } from '@switchyard/server/admin-types';
import { DialogActions } from '../ui/dialog-actions';
import { Modal } from '../ui/modal';
import { useToggleFlag } from './flag-queries';

export interface ToggleDialogProps {
  readonly project: string;
  readonly env: string;
  readonly envName: string;
  readonly flag: Flag;
  /** The state it asks to set. */
  readonly on: boolean;
  readonly onClose: () => void;
}

export function ToggleDialog({ project, env, envName, flag, on, onClose }: ToggleDialogProps) {
  const toggle = useToggleFlag(project, env);
  const verb = on ? 'Turn on' : 'Turn off';
  return (
    <Modal title={`${verb} “${flag.name}” in ${envName}?`} onClose={onClose}>
      <p>
        {on
          ? `SDKs in ${envName} start serving this flag's targeting at once.`
          : `SDKs in ${envName} serve the off variation at once.`}
      </p>
      <DialogActions
        error={toggle.isError ? toggle.error : undefined}
        onCancel={onClose}
        label={`${verb} in ${envName}`}
        busyLabel="Saving…"
        busy={toggle.isPending}
        tone={on ? 'primary' : 'danger'}
        onAction={() => toggle.mutate({ flag: flag.key, body: { on } }, { onSuccess: onClose })}
      />
    </Modal>
  );
}
