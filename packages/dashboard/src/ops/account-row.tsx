/**
 * One account in the overview: its accepted rate now and over the last minutes, usage
 * against its monthly limit, the per-second limit in force, drops by reason, and what is
 * engaged (kill switch, breaker) since when and why, with the one action that fits.
 */
import type { AccountsOverviewBody } from '@switchyard/server/admin-types';
import { Link } from 'react-router';
import { When } from '../ui/when';
import { Sparkline } from './sparkline';

export type AccountOverview = AccountsOverviewBody['items'][number];

/** What each part of the one-account page is given: the account, and whether the viewer may act. */
export interface AccountPartProps {
  readonly account: AccountOverview;
  readonly act: boolean;
}

const count = (n: number) => Math.round(n).toLocaleString('en');

export interface AccountRowProps {
  readonly account: AccountOverview;
  /** Undefined for someone who may only look. */
  readonly onCutOff?: () => void;
  readonly onLift?: (overrideId: string) => void;
  readonly lifting: boolean;
}

export function AccountRow({ account, onCutOff, onLift, lifting }: AccountRowProps) {
  const { usage, limits, killSwitch, breaker } = account;
  const drops = Object.entries(account.dropped).filter(([, n]) => n > 0);
  const cutOffId = killSwitch.overrideId;
  return (
    <tr className={killSwitch.engaged ? 'cut-off' : undefined}>
      <th scope="row">
        <Link className="flag-name" to={`/ops/accounts/${encodeURIComponent(account.key)}`}>
          {account.name}
        </Link>
        <span className="flag-key">
          {account.key} · {account.plan}
        </span>
      </th>
      <td data-label="Accepted now">
        <span className="rate">{count(account.rate.accepted)}/s</span>
        {account.rate.offered > account.rate.accepted && (
          <span className="help"> of {count(account.rate.offered)}/s offered</span>
        )}
        <Sparkline
          values={account.acceptedPerMinute}
          label={`Accepted per minute, last ${account.acceptedPerMinute.length} minutes: ${account.acceptedPerMinute.join(', ')}`}
        />
      </td>
      <td data-label="This month">
        {count(usage.accepted)}
        {usage.monthlyLimit === null ? (
          <span className="help"> · no monthly limit</span>
        ) : (
          <>
            {' '}
            of {count(usage.monthlyLimit)}
            <meter min={0} max={100} value={usage.percentUsed ?? 0} aria-label="Share of the monthly limit" />
          </>
        )}
      </td>
      <td data-label="Per-second limit">
        {limits.effectiveEventsPerSecond === null ? 'none' : `${count(limits.effectiveEventsPerSecond)}/s`}
      </td>
      <td data-label="Dropped this month">
        {drops.length === 0
          ? 'none'
          : drops.map(([reason, n]) => (
              <span key={reason} className="tag">
                {reason} {count(n)}
              </span>
            ))}
      </td>
      <td data-label="Engaged">
        {killSwitch.engaged && (
          <p className="engaged">
            <strong>Cut off</strong>
            {killSwitch.since !== null && (
              <>
                {' '}
                since <When iso={killSwitch.since} />
              </>
            )}
            {killSwitch.by !== null && ` by ${killSwitch.by.name}`}
            {killSwitch.reason !== null && `: “${killSwitch.reason}”`}
            <br />
            {cutOffId === null ? (
              'set on the ingest-events flag of switchyard-system'
            ) : killSwitch.expiresAt === null ? (
              'until lifted'
            ) : (
              <>
                ends at{' '}
                <time dateTime={killSwitch.expiresAt}>
                  {new Date(killSwitch.expiresAt).toLocaleTimeString()}
                </time>
              </>
            )}
          </p>
        )}
        {breaker.engaged && (
          <p className="engaged">
            <strong>Throttled</strong> by {breaker.by === 'operator' ? 'an operator' : 'the circuit breaker'}
            {breaker.since !== null && (
              <>
                {' '}
                since <When iso={breaker.since} />
              </>
            )}
            {breaker.expiresAt !== null && (
              <>
                , ends at{' '}
                <time dateTime={breaker.expiresAt}>{new Date(breaker.expiresAt).toLocaleTimeString()}</time>
              </>
            )}
          </p>
        )}
        {!killSwitch.engaged && !breaker.engaged && 'publishing'}
      </td>
      <td className="row-actions">
        {killSwitch.engaged
          ? cutOffId !== null &&
            onLift && (
              <button type="button" disabled={lifting} onClick={() => onLift(cutOffId)}>
                Lift<span className="visually-hidden"> the cut-off of {account.name}</span>
              </button>
            )
          : onCutOff && (
              <button type="button" className="danger-outline" onClick={onCutOff}>
                Cut off<span className="visually-hidden"> {account.name}</span>
              </button>
            )}
      </td>
    </tr>
  );
}
