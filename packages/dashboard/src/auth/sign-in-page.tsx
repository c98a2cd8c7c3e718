/**
 * Sign in with email and password (a session cookie), or, as the second way, by pasting an
 * API token. Afterwards it goes back to the page that was asked for.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { errorMessage } from '../ui/states';
import type { SignInState } from './require-sign-in';
import { signInWithPassword, signInWithToken } from './session-queries';

const field = (form: HTMLFormElement, name: string) => String(new FormData(form).get(name) ?? '').trim();

export function SignInPage() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const state = (useLocation().state ?? {}) as SignInState;
  const [problem, setProblem] = useState<string | undefined>();
  const done = () => {
    client.clear();
    navigate(state.from ?? '/', { replace: true });
  };
  const withPassword = useMutation({ mutationFn: signInWithPassword, onSuccess: done });
  const withToken = useMutation({ mutationFn: signInWithToken, onSuccess: done });
  const passwordError = problem ?? (withPassword.isError ? errorMessage(withPassword.error) : undefined);

  function submitPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = field(event.currentTarget, 'email');
    const password = String(new FormData(event.currentTarget).get('password') ?? '');
    if (email === '' || password === '') return setProblem('Enter your email and password.');
    setProblem(undefined);
    withPassword.mutate({ email, password });
  }

  function submitToken(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const token = field(event.currentTarget, 'token');
    if (token !== '') withToken.mutate(token);
  }

  return (
    <main className="sign-in">
      <h1>Sign in to Switchyard</h1>
      {state.message && (
        <p className="notice-box" role="status">
          {state.message}
        </p>
      )}
      <form onSubmit={submitPassword} noValidate>
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={passwordError !== undefined}
          aria-describedby={passwordError ? 'password-error' : undefined}
        />
        {passwordError && (
          <p id="password-error" className="field-error" role="alert">
            {passwordError}
          </p>
        )}
        <button type="submit" className="primary" disabled={withPassword.isPending}>
          {withPassword.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <details className="token-sign-in">
        <summary>Use an API token instead</summary>
        <form onSubmit={submitToken} noValidate>
          <label htmlFor="token">API token</label>
          <input
            id="token"
            name="token"
            type="password"
            autoComplete="off"
            required
            aria-invalid={withToken.isError}
            aria-describedby={withToken.isError ? 'token-error' : 'token-help'}
          />
          <p id="token-help" className="help">
            It is kept in this tab only and forgotten when the tab closes.
          </p>
          {withToken.isError && (
            <p id="token-error" className="field-error" role="alert">
              {errorMessage(withToken.error)}
            </p>
          )}
          <button type="submit" disabled={withToken.isPending}>
            {withToken.isPending ? 'Signing in…' : 'Sign in with token'}
          </button>
        </form>
      </details>
      <p className="help">First start? Open the setup link the server printed to create the first admin.</p>
    </main>
  );
}
