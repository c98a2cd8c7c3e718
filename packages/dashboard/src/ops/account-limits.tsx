/**
 * An account's usage this month against its monthly limit, and its limits: the monthly
 * limit and the per-second limit, which an admin edits (empty for none) and a reader sees.
 * The per-second limit in force may differ: an override or the circuit breaker can lower it.
 */
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../ui/states';
import type { AccountPartProps } from './account-row';
import { useSetLimits } from './ops-queries';

const count = (n: number | null) => (n === null ? 'none' : Math.round(n).toLocaleString('en'));

/** A limit field's value: undefined for empty (no limit), or a problem. */
function limitOf(raw: FormDataEntryValue | null, name: string): number | undefined | string {
  const text = String(raw ?? '').trim();
  if (text === '') return undefined;
  const n = Number(text);
  return Number.isInteger(n) && n >= 0
    ? n
    : `The ${name} must be a whole number of events, or empty for none.`;
}

export function AccountLimits({ account, act }: AccountPartProps) {
  const save = useSetLimits();
  const [problem, setProblem] = useState<string | undefined>();
  const { usage, limits } = account;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const monthly = limitOf(data.get('monthly'), 'monthly limit');
    const perSecond = limitOf(data.get('perSecond'), 'per-second limit');
    const wrong = [monthly, perSecond].find((v) => typeof v === 'string');
    if (typeof wrong === 'string') return setProblem(wrong);
    setProblem(undefined);
    save.mutate({
      account: account.key,
      limits: {
        ...(typeof monthly === 'number' ? { eventsPerMonth: monthly } : {}),
        ...(typeof perSecond === 'number' ? { eventsPerSecond: perSecond } : {}),
      },
    });
  }

  return (
    <section aria-labelledby="limits-title">
      <h2 id="limits-title">Usage and limits</h2>
      <p>
        {count(usage.accepted)} events this month
        {usage.monthlyLimit === null ? (
          ', no monthly limit'
        ) : (
          <>
            {' '}
            of {count(usage.monthlyLimit)} ({usage.percentUsed ?? 0}%)
            <meter min={0} max={100} value={usage.percentUsed ?? 0} aria-label="Share of the monthly limit" />
          </>
        )}
      </p>
      {act ? (
        // The key resets the fields to the saved values once they change.
        <form
          key={`${usage.monthlyLimit}/${limits.eventsPerSecond}`}
          className="stack limits"
          onSubmit={submit}
          noValidate
        >
          {(
            [
              ['monthly', 'Monthly limit (events)', usage.monthlyLimit],
              ['perSecond', 'Per-second limit (events/s)', limits.eventsPerSecond],
            ] as const
          ).map(([name, label, value]) => (
            <label key={name}>
              {label}
              <input name={name} inputMode="numeric" defaultValue={value ?? ''} placeholder="none" />
            </label>
          ))}
          {(problem ?? save.error) && (
            <p className="field-error" role="alert">
              {problem ?? errorMessage(save.error)}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save limits'}
            </button>
            {save.isSuccess && !save.isPending && <span role="status">Saved</span>}
          </div>
        </form>
      ) : (
        <dl className="figures" aria-label="Limits">
          <div>
            <dt>Monthly limit</dt>
            <dd>{count(usage.monthlyLimit)}</dd>
          </div>
          <div>
            <dt>Per-second limit</dt>
            <dd>{limits.eventsPerSecond === null ? 'none' : `${count(limits.eventsPerSecond)}/s`}</dd>
          </div>
        </dl>
      )}
      {limits.effectiveEventsPerSecond !== limits.eventsPerSecond && (
        <p className="help">
          In force now:{' '}
          {limits.effectiveEventsPerSecond === null
            ? 'no limit'
            : `${count(limits.effectiveEventsPerSecond)}/s`}{' '}
          (an override or the circuit breaker)
        </p>
      )}
    </section>
  );
}
