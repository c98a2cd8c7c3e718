/**
 * OpenFeature Remote Evaluation Protocol (reference/ld-protocol.md §8), authenticated
 * by the environment's SDK key (`Authorization: <key>`, `Bearer <key>` or X-API-Key).
 */
import { createHash } from 'node:crypto';
import { createEvaluator, type Evaluator, parseContext } from '@switchyard/engine';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EnvironmentData } from '../../delivery/environment-snapshots.js';
import { toLdContext } from './ofrep-context.js';
import { toOfrep } from './ofrep-result.js';

export interface OfrepDeps {
  readonly environmentForSdkKey: (sdkKey: string) => EnvironmentData | undefined;
  readonly sha1Hex: (input: string) => string;
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'Content-Type, Authorization, If-None-Match, X-API-Key',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-expose-headers': 'ETag',
  'access-control-max-age': '300',
};

function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization ?? request.headers['x-api-key'];
  if (typeof header !== 'string') return undefined;
  return header.replace(/^Bearer\s+/i, '').trim();
}

function authenticate(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: OfrepDeps,
): EnvironmentData | undefined {
  const key = presentedKey(request);
  const env = key === undefined ? undefined : deps.environmentForSdkKey(key);
  if (!env) {
    reply.status(401).send({
      errorCode: 'UNAUTHORIZED',
      errorDetails: "send the environment's SDK key in the Authorization header",
    });
    return undefined;
  }
  return env;
}

export function ofrepApi(deps: OfrepDeps) {
  const evaluator: Evaluator = createEvaluator({ sha1Hex: deps.sha1Hex });

  return async function ofrepPlugin(app: FastifyInstance): Promise<void> {
    app.addHook('onSend', async (_request, reply) => {
      reply.headers(CORS_HEADERS);
    });
    app.options('/ofrep/v1/evaluate/flags', (_request, reply) => reply.status(204).send());
    app.options('/ofrep/v1/evaluate/flags/:key', (_request, reply) => reply.status(204).send());

    app.post<{ Params: { key: string }; Body: unknown }>(
      '/ofrep/v1/evaluate/flags/:key',
      async (request, reply) => {
        const env = authenticate(request, reply, deps);
        if (!env) return reply;
        const { key } = request.params;
        const mapped = toLdContext((request.body as { context?: unknown } | null)?.context);
        if (!mapped.ok)
          return reply
            .status(400)
            .send({ key, errorCode: mapped.errorCode, errorDetails: mapped.errorDetails });
        const evaluation = evaluator.evaluate(env.snapshot, key, parseContext(mapped.context));
        const { status, body } = toOfrep(key, evaluation, env.flags[key]);
        return reply.status(status).send(body);
      },
    );

    app.post<{ Body: unknown }>('/ofrep/v1/evaluate/flags', async (request, reply) => {
      const env = authenticate(request, reply, deps);
      if (!env) return reply;
      const mapped = toLdContext((request.body as { context?: unknown } | null)?.context);
      if (!mapped.ok)
        return reply.status(400).send({ errorCode: mapped.errorCode, errorDetails: mapped.errorDetails });
      const context = parseContext(mapped.context);
      const flags = Object.keys(env.flags).map(
        (key) => toOfrep(key, evaluator.evaluate(env.snapshot, key, context), env.flags[key]).body,
      );
      const payload = JSON.stringify({ flags });
      // The ETag is the hash of this context's results, so it changes whenever any result does.
      const etag = `"${createHash('sha1').update(payload).digest('base64url')}"`;
      reply.header('etag', etag);
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      return reply.type('application/json').send(payload);
    });
  };
}
