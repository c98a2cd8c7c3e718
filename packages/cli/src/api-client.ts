/**
 * The one HTTP client every command goes through: JSON in and out, the API token as a
 * bearer token, and every failure turned into a CliError that carries the API's own
 * message and code (or says plainly that the server could not be reached).
 */
import type { ErrorBody } from '@switchyard/server/admin-types';
import { CliError } from './errors.js';

export interface ApiClientOptions {
  /** The server's base URL, e.g. http://127.0.0.1:8030 */
  readonly url: string;
  readonly token: string | undefined;
  readonly timeoutMs?: number;
}

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  /** Sent as the Authorization header instead of the API token (OFREP takes an SDK key). */
  readonly authorization?: string;
  /** Error statuses whose body is still the answer (readiness answers 503 with its reasons). */
  readonly accept?: readonly number[];
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

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(path, `${this.options.url.replace(/\/+$/, '')}/`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    const authorization =
      options.authorization ?? (this.options.token ? `Bearer ${this.options.token}` : undefined);
    if (authorization !== undefined) headers.authorization = authorization;
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
