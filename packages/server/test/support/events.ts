/**
 * Helpers for event-ingest tests: posting event payloads the way SDKs do (raw SDK or
 * mobile key, optional gzip and payload ID), LaunchDarkly-shaped events, and an account
 * with a project whose credentials the test can use.
 */
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { type ApiResponse, readResponse, type TestServer } from './test-server.js';

export interface PostOptions {
  /** Sent as the raw Authorization header (SDK key or mobile key). */
  readonly auth?: string;
  readonly gzip?: boolean;
  readonly payloadId?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Stream the body without Content-Length. */
  readonly chunked?: boolean;
}

export function postEvents(
  url: string,
  path: string,
  body: unknown,
  options: PostOptions = {},
): Promise<ApiResponse> {
  const text = Buffer.isBuffer(body)
    ? body
    : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const payload = options.gzip ? gzipSync(text) : text;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-launchdarkly-event-schema': '4',
    ...(options.auth === undefined ? {} : { authorization: options.auth }),
    ...(options.gzip ? { 'content-encoding': 'gzip' } : {}),
    ...(options.payloadId === undefined ? {} : { 'x-launchdarkly-payload-id': options.payloadId }),
    ...(options.chunked ? {} : { 'content-length': String(payload.length) }),
    ...options.headers,
  };
  // An empty value means: do not send the header at all.
  for (const [name, value] of Object.entries(headers)) if (value === '') delete headers[name];
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}${path}`, { method: 'POST', headers, agent: false }, (response) =>
      readResponse(response).then(resolve, reject),
    );
    request.on('error', reject);
    if (options.chunked) {
      // Several writes without Content-Length: Node sends them chunked.
      const step = Math.max(1, Math.ceil(payload.length / 4));
      for (let i = 0; i < payload.length; i += step) request.write(payload.subarray(i, i + step));
      request.end();
    } else request.end(payload);
  });
}

/** `n` custom events (and one index event) of the current LaunchDarkly schema. */
export function customEvents(n: number, key = 'clicked'): Record<string, unknown>[] {
  const now = Date.now();
  const events: Record<string, unknown>[] = [
    { kind: 'index', creationDate: now, context: { kind: 'user', key: 'user-0' } },
  ];
  for (let i = 1; i < n; i++) {
    events.push({ kind: 'custom', key, creationDate: now, context: { kind: 'user', key: `user-${i}` } });
  }
  return events;
}

export interface Tenant {
  readonly account: string;
  readonly project: string;
  readonly sdkKey: string;
  readonly mobileKey: string;
  readonly clientSideId: string;
}

/** Creates an account (with limits and plan) and a project in it; returns its production credentials. */
export async function createTenant(
  s: TestServer,
  account: string,
  options: { limits?: Record<string, number>; plan?: string } = {},
): Promise<Tenant> {
  const created = await s.api('POST', '/api/v1/accounts', {
    key: account,
    name: account,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.plan ? { plan: options.plan } : {}),
  });
  if (created.status !== 201) throw new Error(`account: ${created.status} ${JSON.stringify(created.body)}`);
  const project = `${account}-app`;
  const made = await s.api('POST', '/api/v1/projects', { key: project, name: project, account });
  if (made.status !== 201) throw new Error(`project: ${made.status} ${JSON.stringify(made.body)}`);
  const env = (await s.api('GET', `/api/v1/projects/${project}/environments/production`)).body;
  return { account, project, sdkKey: env.sdkKey, mobileKey: env.mobileKey, clientSideId: env.clientSideId };
}

/** Polls `probe` until it gives a value; the deadline is generous, for a wait that never ends. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// biome-ignore lint/suspicious/noExplicitAny: targeting JSON is read and written freely in tests
type Targeting = Record<string, any>;

/** Reads a system flag's production targeting, changes it, and writes it back through the admin API. */
export async function changeSystemFlag(
  s: TestServer,
  flag: string,
  change: (targeting: Targeting, variations: unknown[]) => Targeting,
  token?: string,
): Promise<ApiResponse> {
  const read = await s.api('GET', `/api/v1/projects/switchyard-system/flags/${flag}`);
  if (read.status !== 200) throw new Error(`read ${flag}: ${read.status}`);
  const { salt: _salt, ...config } = read.body.environments.production;
  return s.api(
    'PUT',
    `/api/v1/projects/switchyard-system/flags/${flag}/environments/production`,
    change(config, read.body.flag.variations),
    token,
  );
}

/** The index of `value` among a flag's variations (tests must not depend on their order). */
export function variationOf(variations: unknown[], value: unknown): number {
  const i = variations.indexOf(value);
  if (i < 0) throw new Error(`no variation ${JSON.stringify(value)}`);
  return i;
}
