/**
 * How the dashboard proves who it is to the admin API. For now a pasted API token, kept in
 * sessionStorage (gone when the tab closes) and sent as a bearer token. Cookie sessions
 * with CSRF replace this module's insides, not its callers.
 */
const KEY = 'switchyard.token';

export function signedIn(): boolean {
  return sessionStorage.getItem(KEY) !== null;
}

export function signIn(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}

/** Headers that authenticate a request; empty when nobody is signed in. */
export function authHeaders(token = sessionStorage.getItem(KEY)): Record<string, string> {
  return token === null ? {} : { authorization: `Bearer ${token}` };
}
