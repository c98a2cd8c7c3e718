/**
 * The one HTTP client every command goes through: JSON in and out, the API token as a
 * bearer token (or a user's session as its cookie, with the CSRF token the server asks
 * of cookie writes), and every failure turned into a CliError that carries the API's own
 * message and code (or says plainly that the server could not be reached).
 */
import type { ErrorBody } from '@switchyard/server/admin-types';
import { CliError } from './errors.js';

/** How the client proves who it is: an API token, or a signed-in user's session. */
export type Credential =
  | { readonly token: string }
  | { readonly session: { readonly secret: string; readonly csrfToken: string } };

export interface ApiClientOptions {
  /** The server's base URL, e.g. http://127.0.0.1:8030 */
  readonly url: string;
  readonly credential: Credential | undefined;
  readonly timeoutMs?: number;
}

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  /** Sent as the Authorization header instead of the API token (OFREP takes an SDK key). */
  readonly authorization?: string;
  /** Error statuses whose body is still the answer (readiness answers 503 with its reasons). */
  readonly accept?: readonly number[];
  /** Sees the response before its body is read (sign-in reads its Set-Cookie). */
  readonly onResponse?: (response: Response) => void;
}

// The server's session cookie (packages/server/src/http/admin/session-cookie.ts).
const SESSION_COOKIE = 'sy_session';

/** The session secret a sign-in's Set-Cookie headers carry. */
export function sessionSecretOf(setCookies: readonly string[]): string | undefined {
  for (const cookie of setCookies) {
    const [pair = ''] = cookie.split(';');
    const [name, ...value] = pair.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('=')) || undefined;
  }
  return undefined;
}

const isErrorBody = (body: unknown): body is ErrorBody =>
  typeof body === 'object' && body !== null && typeof (body as ErrorBody).code === 'string';

export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  get url(): string {
    return this.options.url;
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, options);
  }
  post<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }
  put<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PUT', path, { ...options, body });
  }
  patch<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PATCH', path, { ...options, body });
  }
  delete<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('DELETE', path, options);
  }

  private credentialHeaders(options: RequestOptions): Record<string, string> {
    if (options.authorization !== undefined) return { authorization: options.authorization };
    const credential = this.options.credential;
    if (credential === undefined) return {};
    if ('token' in credential) return { authorization: `Bearer ${credential.token}` };
    return {
      cookie: `${SESSION_COOKIE}=${encodeURIComponent(credential.session.secret)}`,
      'x-csrf-token': credential.session.csrfToken,
    };
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(path, `${this.options.url.replace(/\/+$/, '')}/`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...this.credentialHeaders(options),
    };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: options.body === undefined ? null : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw unreachable(this.options.url, error);
    }
    options.onResponse?.(response);
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    if (response.ok || options.accept?.includes(response.status)) return body as T;
    if (isErrorBody(body)) {
      throw new CliError(body.message, {
        code: body.code,
        status: response.status,
        ...(body.details ? { details: body.details } : {}),
      });
    }
    throw new CliError(`${method} ${url.pathname} answered ${response.status} ${response.statusText}`, {
      code: `HTTP_${response.status}`,
      status: response.status,
    });
  }
}

function unreachable(url: string, error: unknown): CliError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const why =
    (error as Error).name === 'TimeoutError'
      ? 'no answer within the timeout'
      : (cause?.code ?? cause?.message ?? (error as Error).message);
  return new CliError(`Cannot reach the Switchyard server at ${url} (${why})`, { code: 'UNREACHABLE' });
}
