/**
 * The one client of the admin API. Errors come back as ApiError carrying the API's own
 * code, message and details (each with a JSON pointer into the request body), or NETWORK
 * when the server cannot be reached, so pages show them as they are and where they belong.
 */
import type { ErrorBody } from '@switchyard/server/admin-types';
import { authHeaders } from '../auth/credentials';

export const API_BASE = '/api/v1';

/** One problem the API names: where (a JSON pointer into the request body) and what. */
export interface ApiErrorDetail {
  readonly path: string;
  readonly message: string;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly ApiErrorDetail[] = [],
  ) {
    super(message);
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
}

/** Listeners told when the API refuses the credentials, so the app can ask to sign in again. */
const unauthorizedListeners = new Set<() => void>();

export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export interface RequestOptions {
  readonly body?: unknown;
  /** Credentials to try instead of the stored ones (signing in). */
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...(options.headers ?? authHeaders(method)),
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw new ApiError(0, 'NETWORK', 'Cannot reach the Switchyard server. Check your connection and retry.');
  }
  const text = await response.text();
  const parsed: unknown = text === '' ? undefined : safeJson(text);
  if (!response.ok) {
    const error = isErrorBody(parsed)
      ? new ApiError(response.status, parsed.code, parsed.message, parsed.details ?? [])
      : new ApiError(
          response.status,
          'HTTP',
          `The server answered ${response.status} ${response.statusText}`,
        );
    // Only UNAUTHORIZED means the credentials were refused; a wrong current password is a 401 too.
    if (error.code === 'UNAUTHORIZED' && options.headers === undefined)
      for (const l of unauthorizedListeners) l();
    throw error;
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
