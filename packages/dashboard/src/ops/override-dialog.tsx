/**
 * Sets a temporary override on an account: cuts its events off (dropped, reason
 * kill-switch), or sets its sampling ratio or per-second limit to one of its operational
 * flag's variations. A confirmation, a required reason (audited, shown to the next person
 * on call) and an expiry the backend keeps: when it passes, every node goes back to the
 * account's own settings by itself. A new one replaces the live override of its kind.
 */
import type { FormEvent, ReactNode } from 'react';
import { DialogActions } from '../ui/dialog-actions';
import { Modal } from '../ui/modal';
import { ErrorState, Loading } from '../ui/states';
import { type OverrideKind, useOverrideChoices, useSetOverride, type ValueKind } from './ops-queries';
import { OverrideFieldset, useOverrideForm } from './override-form';

type Named = { readonly key: string; readonly name: string };

interface Text {
  readonly title: (name: string) => string;
  readonly explain: (account: Named) => ReactNode;
  readonly action: string;
  readonly busy: string;
}

const TEXT: Readonly<Record<OverrideKind, Text>> = {
  'kill-switch': {
    title: (name) => `Cut off ${name}?`,
    explain: (a) => (
      <>
        Every event {a.name} ({a.key}) sends is dropped on every node, answered{' '}
        <code>dropped; reason=kill-switch</code>. Other accounts are not touched.
      </>
    ),
    action: 'Cut off',
    busy: 'Cutting off…',
  },
  sampling: {
    title: (name) => `Sample the events of ${name}?`,
    explain: (a) => `Only a share of ${a.name}’s events is kept; the rest are dropped (reason sampling).`,
    action: 'Set sampling',
    busy: 'Setting…',
  },
  'per-second-limit': {
    title: (name) => `Limit the events per second of ${name}?`,
    explain: (a) =>
      `${a.name}’s events past this rate are refused (429, reason rate-limit), on every node together.`,
    action: 'Set limit',
    busy: 'Setting…',
  },
};

/** How a value reads: a ratio as a percentage, -1 as the account's own limit. */
export function overrideValueText(kind: string, value: number | boolean): string {
  if (typeof value === 'boolean') return value ? 'on' : 'cut off';
  if (kind === 'sampling') return `${value * 100}% kept`;
  if (kind === 'per-second-limit') return value < 0 ? 'its own limit' : `${value.toLocaleString('en')}/s`;
  return String(value);
}

function ValueField({ kind }: { readonly kind: ValueKind }) {
  const choices = useOverrideChoices(kind);
  if (choices.isPending) return <Loading label="Loading the values…" />;
  if (choices.isError) return <ErrorState error={choices.error} retry={() => choices.refetch()} />;
  return (
    <label>
      {kind === 'sampling' ? 'Share of events kept' : 'Events per second'}
      <select name="value" defaultValue={String(choices.data[0])}>
        {choices.data.map((value) => (
          <option key={value} value={value}>
            {overrideValueText(kind, value)}
          </option>
        ))}
      </select>
    </label>
  );
}

export interface OverrideDialogProps {
  readonly account: Named;
  readonly kind: OverrideKind;
  readonly onClose: () => void;
}

export function OverrideDialog({ account, kind, onClose }: OverrideDialogProps) {
  const set = useSetOverride();
  const form = useOverrideForm(kind === 'kill-switch' ? 'cut-off' : 'override');
  const text = TEXT[kind];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = form.read(event.currentTarget);
    if (fields === undefined) return;
    const value =
      kind === 'kill-switch' ? {} : { value: Number(new FormData(event.currentTarget).get('value')) };
    set.mutate({ account: account.key, body: { kind, ...value, ...fields } }, { onSuccess: onClose });
  }

  return (
    <Modal title={text.title(account.name)} onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <p>{text.explain(account)}</p>
        {kind !== 'kill-switch' && <ValueField kind={kind} />}
        <OverrideFieldset choice={form.choice} setChoice={form.setChoice} />
        <DialogActions
          error={form.problem ?? (set.isError ? set.error : undefined)}
          onCancel={onClose}
          label={text.action}
          busyLabel={text.busy}
          busy={set.isPending}
          tone={kind === 'kill-switch' ? 'danger' : 'primary'}
        />
      </form>
    </Modal>
  );
}
