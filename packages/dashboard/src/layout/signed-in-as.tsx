/**
 * The header's corner: who is signed in (name, email, role, project scope), changing one's
 * password, and signing out, which ends the session on the server as well.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ChangePasswordDialog } from '../auth/change-password-dialog';
import { signOut, useMe } from '../auth/session-queries';
import { errorMessage } from '../ui/states';

export function SignedInAs() {
  const me = useMe().data;
  const client = useQueryClient();
  const navigate = useNavigate();
  const [changing, setChanging] = useState(false);
  const [error, setError] = useState<string | undefined>();
  if (me === undefined) return null;
  const scope = me.projectKey === null ? 'all projects' : `project ${me.projectKey}`;
  return (
    <section className="signed-in-as" aria-label="Signed in">
      <p>
        <strong>{me.kind === 'token' ? `Token “${me.name}”` : me.name}</strong>
        {me.email !== undefined && <span className="who-email"> {me.email}</span>}
        <span className="role">
          {me.role} · {scope}
        </span>
      </p>
      {me.kind === 'user' && (
        <button type="button" onClick={() => setChanging(true)}>
          Change password
        </button>
      )}
      <button
        type="button"
        onClick={() =>
          signOut(client).then(
            () => navigate('/sign-in', { state: { message: 'You are signed out.' } }),
            (err: unknown) => setError(`Sign-out failed: ${errorMessage(err)}`),
          )
        }
      >
        Sign out
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {changing && <ChangePasswordDialog onClose={() => setChanging(false)} />}
    </section>
  );
}
