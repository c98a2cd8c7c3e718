/** Sign in by pasting an admin API token; it is checked against the API before it is kept. */
import { type FormEvent, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { request } from '../api/api-client';
import { errorMessage } from '../ui/states';
import { authHeaders, signIn } from './credentials';

export function SignInPage() {
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/';
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const token = String(new FormData(event.currentTarget).get('token') ?? '').trim();
    if (token === '') return setError('Paste an API token to sign in.');
    setBusy(true);
    setError(undefined);
    try {
      await request('GET', '/projects', { headers: authHeaders(token) });
      signIn(token);
      navigate(from, { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <h1>Sign in to Switchyard</h1>
      <form onSubmit={submit} noValidate>
        <label htmlFor="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          required
          aria-invalid={error !== undefined}
          aria-describedby={error ? 'token-error' : 'token-help'}
        />
        <p id="token-help" className="help">
          An admin API token. It is kept in this tab only and forgotten when the tab closes.
        </p>
        {error && (
          <p id="token-error" className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
