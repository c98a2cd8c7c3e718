/**
 * First run: the server prints `/setup#token=…` once. This page takes the token from the
 * link's hash (which never reaches a server log), creates the first admin and signs them in.
 * Without the link, the admin API token works as well.
 */
import type { SetupBody } from '@switchyard/server/admin-types';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { ApiError, request } from '../api/api-client';
import { errorMessage } from '../ui/states';
import { MIN_PASSWORD } from './new-password-field';
import { signInWithPassword } from './session-queries';

async function setUp(body: SetupBody): Promise<void> {
  await request('POST', '/setup', { body, headers: {} });
  await signInWithPassword({ email: body.email, password: body.password });
}

export function SetupPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [linkToken] = useState(() => new URLSearchParams(location.hash.slice(1)).get('token') ?? '');
  const [problem, setProblem] = useState<string | undefined>();
  const setup = useMutation({
    mutationFn: setUp,
    onSuccess: () => {
      client.clear();
      navigate('/', { replace: true });
    },
  });
  // The token is a secret: out of the address bar (and history) once it is read.
  useEffect(() => {
    if (location.hash !== '') navigate('/setup', { replace: true });
  }, [location.hash, navigate]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const value = (name: string) => String(data.get(name) ?? '');
    const token = linkToken || value('token').trim();
    const body = {
      token,
      name: value('name').trim(),
      email: value('email').trim(),
      password: value('password'),
    };
    if (token === '') return setProblem('Paste the setup token or the admin API token.');
    if (body.name === '' || body.email === '') return setProblem('Enter your name and email.');
    if (body.password.length < MIN_PASSWORD)
      return setProblem(`The password needs at least ${MIN_PASSWORD} characters.`);
    if (body.password !== value('repeat')) return setProblem('The two passwords differ.');
    setProblem(undefined);
    setup.mutate(body);
  }

  const done = setup.error instanceof ApiError && setup.error.code === 'SETUP_ALREADY_DONE';
  const error = problem ?? (setup.isError ? errorMessage(setup.error) : undefined);
  return (
    <main className="sign-in">
      <h1>Set up Switchyard</h1>
      <p className="help">Create the first admin. They can then invite everyone else.</p>
      <form onSubmit={submit} noValidate aria-label="Create the first admin">
        {linkToken === '' && (
          <>
            <label htmlFor="setup-token">Setup token or admin API token</label>
            <input id="setup-token" name="token" type="password" autoComplete="off" required />
          </>
        )}
        <label htmlFor="setup-name">Name</label>
        <input id="setup-name" name="name" autoComplete="name" required maxLength={256} />
        <label htmlFor="setup-email">Email</label>
        <input id="setup-email" name="email" type="email" autoComplete="username" required maxLength={320} />
        <label htmlFor="setup-password">Password</label>
        <input
          id="setup-password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD}
          maxLength={256}
          aria-describedby="setup-password-help"
        />
        <p id="setup-password-help" className="help">
          At least {MIN_PASSWORD} characters.
        </p>
        <label htmlFor="setup-repeat">Repeat the password</label>
        <input id="setup-repeat" name="repeat" type="password" autoComplete="new-password" required />
        {error && (
          <p className="field-error" role="alert">
            {error} {done && <Link to="/sign-in">Go to sign-in</Link>}
          </p>
        )}
        <button type="submit" className="primary" disabled={setup.isPending}>
          {setup.isPending ? 'Creating…' : 'Create admin and sign in'}
        </button>
      </form>
    </main>
  );
}
