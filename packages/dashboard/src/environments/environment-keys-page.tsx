/**
 * The keys SDKs use to reach one environment: the server-side SDK key (secret, hidden until
 * asked), the mobile key and the client-side ID. Each can be copied and rotated.
 */
import type { Environment } from '@switchyard/server/admin-types';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useAllowed } from '../auth/use-allowed';
import { CopyButton } from '../ui/copy-button';
import { ErrorState, Loading } from '../ui/states';
import type { Credential } from './environment-queries';
import { useEnvironment } from './environment-queries';
import { RotateKeyDialog } from './rotate-key-dialog';

interface KeyInfo {
  readonly credential: Credential;
  readonly name: string;
  readonly help: string;
  readonly secret: boolean;
}

const KEYS: readonly KeyInfo[] = [
  {
    credential: 'sdkKey',
    name: 'SDK key',
    help: 'For server-side SDKs. Keep it secret: it reads every flag of the environment.',
    secret: true,
  },
  { credential: 'mobileKey', name: 'mobile key', help: 'For mobile SDKs.', secret: false },
  {
    credential: 'clientSideId',
    name: 'client-side ID',
    help: 'For browser SDKs; only flags available to client-side SDKs are served.',
    secret: false,
  },
];

export function EnvironmentKeysPage() {
  const { project = '', env = '' } = useParams();
  const environment = useEnvironment(project, env);
  const [rotating, setRotating] = useState<KeyInfo | undefined>();
  const [rotated, setRotated] = useState<Credential | undefined>();

  return (
    <section aria-labelledby="keys-title">
      <div className="page-head">
        <h1 id="keys-title">Keys of {environment.data?.name ?? env}</h1>
      </div>
      {environment.isPending ? (
        <Loading label="Loading keys…" />
      ) : environment.isError ? (
        <ErrorState error={environment.error} retry={() => environment.refetch()} />
      ) : (
        <ul className="keys">
          {KEYS.map((info) => (
            <KeyRow
              key={info.credential}
              info={info}
              environment={environment.data}
              justRotated={rotated === info.credential}
              onRotate={() => setRotating(info)}
            />
          ))}
        </ul>
      )}
      {rotating && environment.data && (
        <RotateKeyDialog
          project={project}
          env={env}
          envName={environment.data.name}
          credential={rotating.credential}
          credentialName={rotating.name}
          onClose={() => setRotating(undefined)}
          onRotated={() => {
            setRotated(rotating.credential);
            setRotating(undefined);
          }}
        />
      )}
    </section>
  );
}

interface KeyRowProps {
  readonly info: KeyInfo;
  readonly environment: Environment;
  readonly justRotated: boolean;
  readonly onRotate: () => void;
}

function KeyRow({ info, environment, justRotated, onRotate }: KeyRowProps) {
  const [shown, setShown] = useState(!info.secret);
  const canRotate = useAllowed('writer');
  const value = environment[info.credential];
  const id = `key-${info.credential}`;
  const title = info.name.charAt(0).toUpperCase() + info.name.slice(1);
  return (
    <li className="card key-row" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p className="help">{info.help}</p>
      <div className="key-value">
        <input
          readOnly
          aria-label={title}
          value={shown || justRotated ? value : `${value.slice(0, 8)}${'•'.repeat(12)}`}
          onFocus={(e) => e.currentTarget.select()}
        />
        {info.secret && !justRotated && (
          <button type="button" aria-pressed={shown} onClick={() => setShown(!shown)}>
            {shown ? 'Hide' : 'Show'}
          </button>
        )}
        <CopyButton value={value} label={`Copy the ${info.name}`} />
        {canRotate && (
          <button
            type="button"
            className="danger-outline"
            aria-label={`Rotate the ${info.name}`}
            onClick={onRotate}
          >
            Rotate…
          </button>
        )}
      </div>
      {justRotated && (
        <p role="status" className="notice">
          Rotated. This is the new {info.name}; the old one no longer works.
        </p>
      )}
    </li>
  );
}
