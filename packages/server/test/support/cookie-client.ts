/**
 * A client that talks to the admin API the way the dashboard does: a session cookie
 * from sign-in, and the CSRF token echoed on writes (unless a test leaves it out).
 */
import http from 'node:http';
import { type ApiResponse, readResponse } from './test-server.js';

export interface SendOptions {
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One HTTP call with exactly the headers given (JSON body when there is one). */
export function send(
  url: string,
  method: string,
  path: string,
  options: SendOptions = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  if (payload !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}${path}`, { method, headers, agent: false }, (response) => {
      const cookies = response.headers['set-cookie'] ?? [];
      readResponse(response).then((r) => {
        // Headers (the fetch kind) fold Set-Cookie away; keep it readable.
        if (cookies.length > 0) r.headers.set('set-cookie', cookies.join('\n'));
        resolve(r);
      }, reject);
    });
    request.on('error', reject);
    request.end(payload);
  });
}

export class CookieClient {
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(private readonly url: string) {}

  async signIn(email: string, password: string): Promise<ApiResponse> {
    const r = await send(this.url, 'POST', '/api/v1/sign-in', { body: { email, password } });
    const setCookie = r.headers.get('set-cookie');
    if (r.status === 200 && setCookie) {
      this.cookie = setCookie.split(';')[0];
      this.csrfToken = r.body.csrfToken;
    }
    return r;
  }

  /** Calls with the session cookie, and with the CSRF token unless `csrf` is false. */
  call(method: string, path: string, body?: unknown, csrf = true): Promise<ApiResponse> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (csrf && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    return send(this.url, method, path, { body, headers });
  }
}
