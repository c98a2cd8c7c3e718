/**
 * Routes below this one need someone signed in: GET /me says who (a session cookie from
 * another tab counts too). When the API refuses the credentials, on this or any later
 * request, it goes to sign-in, keeping the page asked for so sign-in comes back to it.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { ApiError, onUnauthorized } from '../api/api-client';
import { ErrorState, Loading } from '../ui/states';
import { forgetCredentials, wasSignedIn } from './credentials';
import { useMe } from './session-queries';

/** What the sign-in page is given: where to go after, and why it was sent there. */
export interface SignInState {
  readonly from?: string;
  readonly message?: string;
}

export const SESSION_ENDED = 'Your session has ended. Sign in again to go on.';

export function RequireSignIn() {
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const me = useMe();
  const here = location.pathname + location.search + location.hash;
  useEffect(
    () =>
      onUnauthorized(() => {
        const state: SignInState = wasSignedIn() ? { from: here, message: SESSION_ENDED } : { from: here };
        forgetCredentials();
        client.clear();
        navigate('/sign-in', { replace: true, state });
      }),
    [client, navigate, here],
  );
  if (me.isPending) return <Loading label="Checking who is signed in…" />;
  if (me.isError) {
    // A refusal is already on its way to sign-in (above); anything else can be retried.
    if (me.error instanceof ApiError && me.error.status === 401) return null;
    return <ErrorState error={me.error} retry={() => me.refetch()} />;
  }
  return <Outlet />;
}
