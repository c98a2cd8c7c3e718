/**
 * Who is signed in (GET /me, one cached query every page reads its role from), and the
 * requests that start and end a session.
 */
import type { MeBody, PasswordChangeBody, SessionBody, SignInBody } from '@switchyard/server/admin-types';
import { type QueryClient, useMutation, useQuery } from '@tanstack/react-query';
import { request } from '../api/api-client';
import { authHeaders, forgetCredentials, keepApiToken, keepSession, usesApiToken } from './credentials';

/** The query key of GET /me: a change to one's own user refreshes it. */
export const ME = ['me'] as const;

export function useMe() {
  return useQuery({
    queryKey: ME,
    queryFn: async ({ signal }) => {
      const me = await request<MeBody>('GET', '/me', { signal });
      if (me.csrfToken !== undefined) keepSession(me.csrfToken);
      return me;
    },
    staleTime: 60_000,
  });
}

/** Signs in with email and password; the server sets the session cookie. */
export async function signInWithPassword(body: SignInBody): Promise<void> {
  const session = await request<SessionBody>('POST', '/sign-in', { body, headers: {} });
  keepSession(session.csrfToken);
}

/** Checks a pasted API token against the API before keeping it. */
export async function signInWithToken(token: string): Promise<void> {
  await request<MeBody>('GET', '/me', { headers: authHeaders('GET', token) });
  keepApiToken(token);
}

/** Ends the session on the server too (a token has nothing to end), then forgets it here. */
export async function signOut(client: QueryClient): Promise<void> {
  if (!usesApiToken()) await request('POST', '/sign-out');
  forgetCredentials();
  client.clear();
}

/** Changing one's password ends every session; the server answers with a new one for this tab. */
export function useChangePassword() {
  return useMutation({
    mutationFn: async (body: PasswordChangeBody) => {
      const session = await request<SessionBody>('POST', '/me/password', { body });
      keepSession(session.csrfToken);
    },
  });
}
