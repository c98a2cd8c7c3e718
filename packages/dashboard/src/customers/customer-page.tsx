/**
 * Customers: find one by context kind and key (typed, or picked from the contexts SDKs
 * reported), then see and change what every flag serves them. The choice is in the URL
 * (`?kind=&key=`), so a link to one customer can be shared.
 */
import { type FormEvent, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useEnvironments } from '../api/project-queries';
import { Empty, ErrorState, Loading } from '../ui/states';
import { CustomerFlags } from './customer-flags';
import { useSeenContexts } from './customer-queries';

/** Seen contexts listed at once; the search narrows the rest. */
const SHOWN = 50;

export function CustomerPage() {
  const { project = '', env = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') ?? '';
  const key = params.get('key') ?? '';
  const envName = useEnvironments(project).data?.find((e) => e.key === env)?.name ?? env;
  const customer = kind !== '' && key !== '' ? { kind, key } : undefined;

  return (
    <section aria-labelledby="customers-title">
      <div className="page-head">
        <h1 id="customers-title">Customers</h1>
      </div>
      <p className="help">
        Find a customer by context kind and key to see what every flag serves them in {envName}, and turn a
        flag on or off for them alone.
      </p>
      <div className="customers">
        <CustomerFinder
          key={`${kind}/${key}`}
          project={project}
          env={env}
          kind={kind}
          customerKey={key}
          onChoose={(next) => setParams({ kind: next.kind, key: next.key })}
        />
        {customer === undefined ? (
          <Empty>Choose a customer to see their flags.</Empty>
        ) : (
          <CustomerFlags project={project} env={env} envName={envName} customer={customer} />
        )}
      </div>
    </section>
  );
}

interface FinderProps {
  readonly project: string;
  readonly env: string;
  readonly kind: string;
  readonly customerKey: string;
  readonly onChoose: (customer: { kind: string; key: string }) => void;
}

function CustomerFinder({ project, env, kind, customerKey, onChoose }: FinderProps) {
  const seen = useSeenContexts(project, env);
  const [typedKind, setTypedKind] = useState(kind === '' ? 'user' : kind);
  const [typedKey, setTypedKey] = useState(customerKey);
  const [q, setQ] = useState('');
  const kinds = [...new Set(['user', ...(seen.data ?? []).map((c) => c.kind)])].sort();
  const needle = q.trim().toLowerCase();
  const matches = (seen.data ?? []).filter(
    (c) => needle === '' || c.key.toLowerCase().includes(needle) || c.kind.toLowerCase().includes(needle),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typedKind.trim() !== '' && typedKey.trim() !== '')
      onChoose({ kind: typedKind.trim(), key: typedKey.trim() });
  };
  return (
    <div className="card finder">
      <form className="stack" aria-label="Find a customer" onSubmit={submit}>
        <label>
          <span>Context kind</span>
          <input list="context-kinds" value={typedKind} onChange={(e) => setTypedKind(e.target.value)} />
          <datalist id="context-kinds">
            {kinds.map((k) => (
              <option key={k} value={k} />
            ))}
          </datalist>
        </label>
        <label>
          <span>Context key</span>
          <input value={typedKey} onChange={(e) => setTypedKey(e.target.value)} placeholder="e.g. acme" />
        </label>
        <button
          type="submit"
          className="primary"
          disabled={typedKind.trim() === '' || typedKey.trim() === ''}
        >
          Show flags
        </button>
      </form>
      <h2>Seen by SDKs</h2>
      <label className="stack">
        <span>Search seen contexts</span>
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Key or kind" />
      </label>
      {seen.isPending ? (
        <Loading label="Loading seen contexts…" />
      ) : seen.isError ? (
        <ErrorState error={seen.error} retry={() => seen.refetch()} />
      ) : matches.length === 0 ? (
        <p className="help">
          {seen.data.length === 0
            ? 'No SDK has reported a context in this environment yet; type a kind and key above.'
            : `No seen context matches “${q}”.`}
        </p>
      ) : (
        <ul className="seen" aria-label="Seen contexts">
          {matches.slice(0, SHOWN).map((c) => (
            <li key={`${c.kind}/${c.key}`}>
              <Link
                to={`?${new URLSearchParams({ kind: c.kind, key: c.key })}`}
                aria-current={c.kind === kind && c.key === customerKey ? 'true' : undefined}
              >
                <span className="tag">{c.kind}</span> {c.key}
              </Link>
              <time dateTime={c.lastSeen}>{new Date(c.lastSeen).toLocaleString()}</time>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
