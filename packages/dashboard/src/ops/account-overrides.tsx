/**
 * The overrides in force on one account (a cut-off, a sampling ratio, a per-second limit),
 * each with who set it, why and until when, lifted early in one click; and, for admins, the
 * buttons that set one for a while.
 */
import { useState } from 'react';
import { ErrorState } from '../ui/states';
import { When } from '../ui/when';
import type { AccountPartProps } from './account-row';
import { type OverrideKind, useLift } from './ops-queries';
import { OverrideDialog, overrideValueText } from './override-dialog';

export const KIND_NAMES: Readonly<Record<string, string>> = {
  'kill-switch': 'Cut-off',
  sampling: 'Sampling',
  'per-second-limit': 'Per-second limit',
};

/** "until 14:05:00", "until lifted". */
export function Until({ iso }: { readonly iso: string | null }) {
  if (iso === null) return <>until lifted</>;
  return (
    <>
      until <time dateTime={iso}>{new Date(iso).toLocaleString()}</time>
    </>
  );
}

export function AccountOverrides({ account, act }: AccountPartProps) {
  const lift = useLift();
  const [open, setOpen] = useState<OverrideKind | undefined>();
  const close = () => setOpen(undefined);
  return (
    <section aria-labelledby="overrides-title">
      <h2 id="overrides-title">Overrides in force</h2>
      {lift.isError && <ErrorState error={lift.error} />}
      {account.overrides.length === 0 ? (
        <p>None: the account runs on its own limits.</p>
      ) : (
        <ul className="entries" aria-labelledby="overrides-title">
          {account.overrides.map((o) => (
            <li key={o.id} className="entry">
              <strong>{KIND_NAMES[o.kind] ?? o.kind}</strong>: {overrideValueText(o.kind, o.value)},{' '}
              <Until iso={o.expiresAt} />
              <br />
              <span className="help">
                set <When iso={o.setAt} /> by {o.setBy.name}: “{o.reason}”
              </span>
              {act && (
                <button
                  type="button"
                  disabled={lift.isPending}
                  onClick={() => lift.mutate({ account: account.key, id: o.id })}
                >
                  Lift
                  <span className="visually-hidden">
                    {' '}
                    the {(KIND_NAMES[o.kind] ?? o.kind).toLowerCase()} override
                  </span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {act && (
        <div className="actions">
          <button type="button" onClick={() => setOpen('sampling')}>
            Set sampling…
          </button>
          <button type="button" onClick={() => setOpen('per-second-limit')}>
            Set per-second limit…
          </button>
          {!account.killSwitch.engaged && (
            <button type="button" className="danger-outline" onClick={() => setOpen('kill-switch')}>
              Cut off…
            </button>
          )}
        </div>
      )}
      {open !== undefined && <OverrideDialog account={account} kind={open} onClose={close} />}
    </section>
  );
}
