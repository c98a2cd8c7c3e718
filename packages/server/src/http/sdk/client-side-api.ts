/**
 * Client-side (browser, by client-side ID) and mobile (by mobile key) SDK endpoints:
 * evaluations of every visible flag for one context, by GET (context in the path) or
 * REPORT (context in the body), as a poll or as a stream (`put`, then `ping`).
 */
import { createEvaluator, type Evaluator } from '@switchyard/engine';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EnvironmentData } from '../../delivery/environment-snapshots.js';
import { refuseIfFull, type StreamHub } from '../../delivery/stream-hub.js';
import { ApiError } from '../../errors.js';
import { contextLimitError } from '../context-limit-error.js';
import { type ClientKind, decodeContext, evaluateForClient, secureModeHash } from './client-evaluation.js';
import { type CredentialDeps, lookUp } from './credentials.js';

export interface ClientSideApiDeps extends CredentialDeps {
  readonly environmentForClientSideId: (id: string) => EnvironmentData | undefined;
  readonly environmentForMobileKey: (key: string) => EnvironmentData | undefined;
  readonly streams: StreamHub;
  readonly sha1Hex: (input: string) => string;
}

const CORS = {
  'access-control-allow-credentials': 'false',
  'access-control-max-age': '300',
  'access-control-allow-methods': 'GET, REPORT, POST, OPTIONS',
  'access-control-allow-headers':
    'Cache-Control, Content-Type, Content-Length, Accept-Encoding, X-LaunchDarkly-User-Agent, X-LaunchDarkly-Payload-ID, X-LaunchDarkly-Wrapper, X-LaunchDarkly-Event-Schema, X-LaunchDarkly-Tags',
  'access-control-expose-headers': 'Date',
};

/** CORS for the browser endpoints (evaluation here, events in the ingest plugin). */
export function corsHeaders(request: FastifyRequest): Record<string, string> {
  return { ...CORS, 'access-control-allow-origin': request.headers.origin ?? '*' };
}

type Params = { envId?: string; context?: string };
type Source = 'path' | 'body';

export function clientSideApi(deps: ClientSideApiDeps) {
  const evaluator: Evaluator = createEvaluator({ sha1Hex: deps.sha1Hex });

  /** The environment for the credential: unknown client-side IDs are 404, unknown mobile keys 401. */
  async function environment(kind: ClientKind, request: FastifyRequest): Promise<EnvironmentData> {
    if (kind === 'browser') {
      const data = await lookUp(deps.environmentForClientSideId, deps, (request.params as Params).envId);
      if (!data) throw new ApiError('NOT_FOUND', 'Unknown client-side ID');
      return data;
    }
    const key = (request.headers.authorization ?? '').replace(/^(bearer|api_key)\s+/i, '');
    const data = await lookUp(deps.environmentForMobileKey, deps, key);
    if (!data) throw new ApiError('UNAUTHORIZED', 'Unknown mobile key');
    return data;
  }

  /** Evaluates for the request's context; throws ApiError when it cannot. */
  async function evaluate(kind: ClientKind, source: Source, request: FastifyRequest) {
    const data = await environment(kind, request);
    const raw = source === 'path' ? decodeContext((request.params as Params).context ?? '') : request.body;
    const tooBig = contextLimitError(raw);
    if (tooBig) throw tooBig;
    const query = request.query as { withReasons?: string; h?: string };
    if (
      data.environment.secureMode &&
      (query.h === undefined || query.h !== secureModeHash(data.environment.sdkKey, raw))
    ) {
      throw new ApiError('FORBIDDEN', "Secure mode is on: send the context's hash as ?h=");
    }
    const flags = evaluateForClient(evaluator, data, raw, kind, query.withReasons === 'true');
    if (!flags) {
      throw new ApiError('INVALID_CONTEXT', 'The context is missing or is not a valid LaunchDarkly context');
    }
    return { data, flags };
  }

  return async function clientSidePlugin(app: FastifyInstance): Promise<void> {
    app.addHook('onRequest', (request, reply, done) => {
      if (request.url.startsWith('/sdk/evalx/') || request.url.startsWith('/eval/')) {
        reply.headers(corsHeaders(request));
      }
      done();
    });

    const poll =
      (kind: ClientKind, source: Source) => async (request: FastifyRequest, reply: FastifyReply) => {
        const result = await evaluate(kind, source, request);
        return reply.header('cache-control', 'no-cache').send(result.flags);
      };
    const stream =
      (kind: ClientKind, source: Source) => async (request: FastifyRequest, reply: FastifyReply) => {
        const result = await evaluate(kind, source, request);
        refuseIfFull(deps.streams, result.data.id);
        reply.hijack();
        deps.streams.openPing(
          kind === 'browser' ? 'client' : 'mobile',
          result.data.id,
          reply.raw,
          JSON.stringify(result.flags),
          kind === 'browser' ? corsHeaders(request) : {},
        );
      };

    for (const path of ['/sdk/evalx/:envId/contexts/:context', '/sdk/evalx/:envId/users/:context'])
      app.get(path, poll('browser', 'path'));
    for (const path of ['/sdk/evalx/:envId/context', '/sdk/evalx/:envId/user'])
      app.route({ method: 'REPORT', url: path, handler: poll('browser', 'body') });
    for (const path of ['/msdk/evalx/contexts/:context', '/msdk/evalx/users/:context'])
      app.get(path, poll('mobile', 'path'));
    for (const path of ['/msdk/evalx/context', '/msdk/evalx/user'])
      app.route({ method: 'REPORT', url: path, handler: poll('mobile', 'body') });
    app.get('/eval/:envId/:context', stream('browser', 'path'));
    app.route({ method: 'REPORT', url: '/eval/:envId', handler: stream('browser', 'body') });
    app.get('/meval/:context', stream('mobile', 'path'));
    app.route({ method: 'REPORT', url: '/meval', handler: stream('mobile', 'body') });
    for (const path of ['/sdk/evalx/*', '/eval/*'])
      app.options(path, (_request, reply) => reply.status(204).send());
  };
}
