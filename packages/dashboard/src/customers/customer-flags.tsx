/**
 * What every flag of the environment serves one customer, with the reason, and a switch
 * per boolean flag that serves them true or false through an individual target, in one
 * step: no trip through the targeting editor.
 */
import type { EvaluationsBody, Flag, FlagState } from '@switchyard/server/admin-types';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/api-client';
import { useAllowed } from '../auth/use-allowed';
import { useFlagStates, useFlags } from '../flags/flag-queries';
import { describeReason } from '../targeting/describe-reason';
import { ColumnHeads } from '../ui/column-heads';
import { Empty, ErrorState, errorMessage, Loading } from '../ui/states';
import { type Customer, useEvaluations, useTargetCustomer } from './customer-queries';

export interface CustomerFlagsProps {
  readonly project: string;
  readonly env: string;
  readonly envName: string;
  readonly customer: Customer;
}

type Evaluated = EvaluationsBody['items'][number];

const isBoolean = (flag: Flag | undefined) =>
  flag !== undefined && flag.variations.length > 0 && flag.variations.every((v) => typeof v === 'boolean');

export function CustomerFlags({ project, env, envName, customer }: CustomerFlagsProps) {
  const evaluations = useEvaluations(project, env, customer);
  const flags = useFlags(project);
  const states = useFlagStates(project, env);
  const target = useTargetCustomer(project, env);
  const canWrite = useAllowed('writer');
  const [comment, setComment] = useState('');
  const who = `${customer.kind} “${customer.key}”`;
  const byKey = new Map((flags.data ?? []).map((f) => [f.key, f]));

  const change = (flag: Flag, state: FlagState, variation: number | null) =>
    target.mutate(
      { flag: flag.key, version: state.version, comment, ...customer, variation },
      { onSuccess: () => setComment('') },
    );

  return (
    <section className="card customer-flags" aria-labelledby="customer-title">
      <h2 id="customer-title">
        Flags for {who} in {envName}
      </h2>
      {canWrite && (
        <label className="stack comment">
          <span>Comment for the audit log</span>
          <input value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} />
        </label>
      )}
      {target.isError && <TargetError error={target.error} envName={envName} />}
      {evaluations.isPending ? (
        <Loading label={`Evaluating the flags for ${who}…`} />
      ) : evaluations.isError ? (
        <ErrorState error={evaluations.error} retry={() => evaluations.refetch()} />
      ) : evaluations.data.items.length === 0 ? (
        <Empty>This environment has no flags.</Empty>
      ) : (
        <table className="flags">
          <ColumnHeads names={['Flag', 'Value', 'Reason', `For ${customer.key}`]} />
          <tbody>
            {evaluations.data.items.map((item) => (
              <FlagRow
                key={item.key}
                item={item}
                flag={byKey.get(item.key)}
                state={states.data?.get(item.key)}
                customer={customer}
                envName={envName}
                canWrite={canWrite}
                saving={target.isPending && target.variables.flag === item.key}
                loading={flags.isPending || states.isPending}
                onChange={change}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function TargetError({ error, envName }: { readonly error: unknown; readonly envName: string }) {
  const conflict = error instanceof ApiError && error.code === 'VERSION_CONFLICT';
  return (
    <div className={conflict ? 'conflict' : 'state error'} role="alert">
      {conflict && <h3>Someone else changed this flag in {envName}</h3>}
      <p>
        {conflict
          ? `Nothing was saved: ${errorMessage(error)}. The list now shows their change; choose again.`
          : errorMessage(error)}
      </p>
    </div>
  );
}

interface FlagRowProps {
  readonly item: Evaluated;
  readonly flag: Flag | undefined;
  readonly state: FlagState | undefined;
  readonly customer: Customer;
  readonly envName: string;
  readonly canWrite: boolean;
  readonly saving: boolean;
  /** The flags or their states are still loading: no answer yet on what can be changed here. */
  readonly loading: boolean;
  readonly onChange: (flag: Flag, state: FlagState, variation: number | null) => void;
}

function FlagRow({
  item,
  flag,
  state,
  customer,
  envName,
  canWrite,
  saving,
  loading,
  onChange,
}: FlagRowProps) {
  const name = flag?.name ?? item.key;
  const targeted = item.reason.kind === 'TARGET_MATCH';
  const wanted = item.value !== true;
  const variation = flag?.variations.indexOf(wanted) ?? -1;
  return (
    <tr>
      <th scope="row">
        <Link className="flag-name" to={`../flags/${encodeURIComponent(item.key)}`} title={name}>
          {name}
        </Link>
        <code className="flag-key" title={item.key}>
          {item.key}
        </code>
      </th>
      <td data-label="Value">
        <code>{JSON.stringify(item.value)}</code>
      </td>
      <td data-label="Reason">{describeReason(item.reason)}</td>
      <td data-label={`For ${customer.key}`}>
        {!canWrite ? (
          <span className="help">Changing targets needs the writer role</span>
        ) : loading ? (
          <span aria-busy="true">…</span>
        ) : !isBoolean(flag) || state === undefined || flag === undefined ? (
          <span className="help">Edit in the targeting editor</span>
        ) : !state.on ? (
          <span className="help">Off in {envName}: targets apply once it is on</span>
        ) : (
          <div className="row">
            <button
              type="button"
              role="switch"
              className="switch"
              aria-checked={item.value === true}
              aria-label={`${name} for ${customer.key}`}
              disabled={saving || variation < 0}
              onClick={() => onChange(flag, state, variation)}
            >
              {saving ? '…' : item.value === true ? 'On' : 'Off'}
            </button>
            {targeted && (
              <button
                type="button"
                className="link"
                disabled={saving}
                aria-label={`Remove ${customer.key} from the targets of ${name}`}
                onClick={() => onChange(flag, state, null)}
              >
                Remove target
              </button>
            )}
          </div>
        )}
      </td>
    </tr>
  );
}
