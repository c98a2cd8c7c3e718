/**
 * Every public evaluation surface, as one function each that sends a context (as a value or as raw
 * JSON text) and returns the status and the parsed body. For tests that hold all of them to the
 * same rule.
 */
export interface PublicCredentials {
  readonly clientSideId: string;
  readonly mobileKey: string;
  readonly sdkKey: string;
}

export interface SurfaceAnswer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies freely
  readonly body: any;
}

/** Sends a context: `json` is its JSON text, so a test can send what JSON.stringify cannot build. */
export type Surface = (json: string) => Promise<SurfaceAnswer>;

async function answer(response: Response): Promise<SurfaceAnswer> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: the test sees the text.
  }
  return { status: response.status, body };
}

const b64 = (json: string) => Buffer.from(json).toString('base64url');

/** The surfaces that take the context in a body (any size up to the body limit). */
export function bodySurfaces(url: string, env: PublicCredentials, flagKey: string): Record<string, Surface> {
  const send = (path: string, method: string, body: string, auth?: string) =>
    fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
      body,
    }).then(answer);
  return {
    'client-side REPORT': (json) => send(`/sdk/evalx/${env.clientSideId}/context`, 'REPORT', json),
    'mobile REPORT': (json) => send('/msdk/evalx/context', 'REPORT', json, env.mobileKey),
    'OFREP single': (json) =>
      send(`/ofrep/v1/evaluate/flags/${flagKey}`, 'POST', `{"context":${json}}`, `Bearer ${env.sdkKey}`),
    'OFREP bulk': (json) =>
      send('/ofrep/v1/evaluate/flags', 'POST', `{"context":${json}}`, `Bearer ${env.sdkKey}`),
  };
}

/** The surfaces that take the context base64-encoded in the path (up to the router's 8,192 characters). */
export function pathSurfaces(url: string, env: PublicCredentials): Record<string, Surface> {
  return {
    'client-side GET': (json) =>
      fetch(`${url}/sdk/evalx/${env.clientSideId}/contexts/${b64(json)}`).then(answer),
    'mobile GET': (json) =>
      fetch(`${url}/msdk/evalx/contexts/${b64(json)}`, { headers: { authorization: env.mobileKey } }).then(
        answer,
      ),
  };
}

export function allSurfaces(url: string, env: PublicCredentials, flagKey: string): Record<string, Surface> {
  return { ...bodySurfaces(url, env, flagKey), ...pathSurfaces(url, env) };
}

interface Api {
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: PublicCredentials }>;
}

/** Creates project `web` with one flag every client may see, and returns production's credentials. */
export async function webProjectWithClientFlag(server: Api, flagKey: string): Promise<PublicCredentials> {
  await server.api('POST', '/api/v1/projects', { key: 'web', name: 'Web' });
  const env = (await server.api('GET', '/api/v1/projects/web/environments/production')).body;
  const flag = { key: flagKey, name: flagKey, variations: [false, true] };
  const availability = { usingEnvironmentId: true, usingMobileKey: true };
  await server.api('POST', '/api/v1/projects/web/flags', { ...flag, clientSideAvailability: availability });
  return env;
}
