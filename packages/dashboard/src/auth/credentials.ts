/**
 * How the dashboard proves who it is to the admin API: the session cookie set by signing in
 * with email and password (HttpOnly, so this code never sees it), or a pasted API token kept
 * in sessionStorage (gone when the tab closes) and sent as a bearer token. A write made with
 * the cookie carries the session's CSRF token, held in memory and given again by GET /me after
 * a reload.
 */
const TOKEN = 'switchyard.token';
/** Set while this tab is signed in, so a refusal can say the session ended. */
const SIGNED_IN = 'switchyard.signed-in';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

let csrfToken: string | undefined;

export function keepApiToken(token: string): void {
  sessionStorage.setItem(TOKEN, token);
  sessionStorage.setItem(SIGNED_IN, 'token');
  csrfToken = undefined;
}

/** After a cookie sign-in, or when GET /me names the session: its CSRF token for writes. */
export function keepSession(csrf: string): void {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.setItem(SIGNED_IN, 'cookie');
  csrfToken = csrf;
}

export function forgetCredentials(): void {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(SIGNED_IN);
  csrfToken = undefined;
}

/** Whether this tab was signed in (a refusal then means the session or token has ended). */
export function wasSignedIn(): boolean {
  return sessionStorage.getItem(SIGNED_IN) !== null;
}

export function usesApiToken(): boolean {
  return sessionStorage.getItem(TOKEN) !== null;
}

/** Headers that authenticate a request: the bearer token, or the CSRF token on a cookie write. */
export function authHeaders(method: string, token = sessionStorage.getItem(TOKEN)): Record<string, string> {
  if (token !== null) return { authorization: `Bearer ${token}` };
  return csrfToken === undefined || SAFE_METHODS.has(method) ? {} : { 'x-csrf-token': csrfToken };
}
