/**
 * OpenFeature Remote Evaluation Protocol (reference/ld-protocol.md §8), authenticated
 * by the environment's SDK key (`Authorization: <key>`, `Bearer <key>` or X-API-Key).
 */
import { createHash } from 'node:crypto';
import {
  CONTEXT_LIMITS,
  createEvaluator,
  type Evaluation,
  type Evaluator,
  parseContext,
} from '@switchyard/engine';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, type Registry } from 'prom-client';
import type { EnvironmentData } from '../../delivery/environment-snapshots.js';
import { answerFor } from '../../errors.js';
import { contextLimitError } from '../context-limit-error.js';
import { type CredentialDeps, lookUp } from '../sdk/credentials.js';
import { toLdContext } from './ofrep-context.js';
import { toOfrep } from './ofrep-result.js';

export interface OfrepDeps extends CredentialDeps {
  readonly environmentForSdkKey: (sdkKey: string) => EnvironmentData | undefined;
  readonly sha1Hex: (input: string) => string;
  readonly metrics: Registry;
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'Content-Type, Authorization, If-None-Match, X-API-Key',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-expose-headers': 'ETag',
  'access-control-max-age': '300',
};

/**
 * Browsers send Origin on cross-origin requests; server-side providers do not, and
 * are spared the CORS headers. Set in each handler: a hook on every request would
 * cost more than the evaluation.
 */
function allowCors(request: FastifyRequest, reply: FastifyReply): void {
  if (request.headers.origin !== undefined) reply.headers(CORS_HEADERS);
}

const BEARER = /^bearer\s+/i;
const JSON_TYPE = 'application/json; charset=utf-8';
/** Room for a context at CONTEXT_LIMITS.bytes, so a big one is told which limit it breaks; more is refused unparsed. */
const BODY_LIMIT = 2 * CONTEXT_LIMITS.bytes;

function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization ?? request.headers['x-api-key'];
  if (typeof header !== 'string') return undefined;
  // Most providers send the raw key: check the first letter before running a regex.
  return header.charCodeAt(0) === 66 || header.charCodeAt(0) === 98 ? header.replace(BEARER, '') : header;
}

function refuseKey(reply: FastifyReply): undefined {
  reply.status(401).send({
    errorCode: 'UNAUTHORIZED',
    errorDetails: "send the environment's SDK key in the Authorization header",
  });
  return undefined;
}

/**
 * The environment for the request's key, at once when this node knows the key; a promise when
 * the store must be asked (credentials.ts), which rejects with STORE_UNAVAILABLE (a 503) when it
 * cannot answer. Undefined once the 401 is sent.
 */
function authenticate(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: OfrepDeps,
): EnvironmentData | undefined | Promise<EnvironmentData | undefined> {
  allowCors(request, reply);
  const env = lookUp(deps.environmentForSdkKey, deps, presentedKey(request));
  if (env instanceof Promise) return env.then((found) => found ?? refuseKey(reply));
  return env ?? refuseKey(reply);
}

/**
 * A frozen evaluation is one the snapshot built for one flag and one outcome, so its
 * OFREP body never changes: it is serialized once. Errors are shared between flags
 * and results carrying prerequisites are built per call, so neither is cached.
 */
/**
 * A context past CONTEXT_LIMITS, as a 400 body readable both as OFREP's error and as ours
 * (`code` names the limit), or undefined.
 */
function limitBody(raw: unknown) {
  const error = contextLimitError(raw);
  if (error === undefined) return undefined;
  return {
    errorCode: 'INVALID_CONTEXT',
    errorDetails: error.message,
    code: error.code,
    message: error.message,
  };
}

function isPrebuilt(evaluation: Evaluation): boolean {
  return Object.isFrozen(evaluation) && evaluation.reason.kind !== 'ERROR';
}

export function ofrepApi(deps: OfrepDeps) {
  const evaluator: Evaluator = createEvaluator({ sha1Hex: deps.sha1Hex });
  // Keyed by the snapshot's own result objects: a new snapshot starts afresh.
  const serialized = new WeakMap<Evaluation, string>();
  // Counted in plain numbers and handed to prom-client when scraped.
  const counts = { single: 0, bulk: 0 };
  new Counter({
    name: 'switchyard_ofrep_requests_total',
    help: 'OFREP evaluation requests, single flag or bulk',
    labelNames: ['kind'] as const,
    registers: [deps.metrics],
    collect() {
      this.inc({ kind: 'single' }, counts.single);
      this.inc({ kind: 'bulk' }, counts.bulk);
      counts.single = 0;
      counts.bulk = 0;
    },
  });

  return async function ofrepPlugin(app: FastifyInstance): Promise<void> {
    // The one error mapping, rendered in OFREP's shape: OFREP clients expect it, also for a
    // body that is not JSON.
    app.setErrorHandler((error: FastifyError, request, reply) => {
      allowCors(request, reply);
      const answer = answerFor(error);
      if (answer.fault) request.log.error({ err: error }, 'OFREP request failed');
      const errorCode = answer.status === 400 || answer.status === 415 ? 'PARSE_ERROR' : 'GENERAL';
      if (answer.headers) reply.headers(answer.headers);
      // `code` is ours (STORE_UNAVAILABLE, …), beside OFREP's own fields.
      reply
        .status(answer.status)
        .send({ errorCode, errorDetails: answer.body.message, code: answer.body.code });
    });
    app.options('/ofrep/v1/evaluate/flags', (_request, reply) =>
      reply.headers(CORS_HEADERS).status(204).send(),
    );
    app.options('/ofrep/v1/evaluate/flags/:key', (_request, reply) =>
      reply.headers(CORS_HEADERS).status(204).send(),
    );

    // A synchronous handler: no promise and no extra microtask on the hottest route (only a key
    // this node does not know waits for the store).
    type SingleRequest = FastifyRequest<{ Params: { key: string }; Body: unknown }>;
    const single = (env: EnvironmentData, request: SingleRequest, reply: FastifyReply): void => {
      const { key } = request.params;
      const raw = (request.body as { context?: unknown } | null)?.context;
      const tooBig = limitBody(raw);
      if (tooBig) {
        reply.status(400).send({ key, ...tooBig });
        return;
      }
      const mapped = toLdContext(raw);
      if (!mapped.ok) {
        reply.status(400).send({ key, errorCode: mapped.errorCode, errorDetails: mapped.errorDetails });
        return;
      }
      const evaluation = evaluator.evaluate(env.snapshot, key, parseContext(mapped.context));
      let json = serialized.get(evaluation);
      let status = 200;
      if (json === undefined) {
        const result = toOfrep(key, evaluation, env.flags[key]);
        status = result.status;
        json = JSON.stringify(result.body);
        if (status === 200 && isPrebuilt(evaluation)) serialized.set(evaluation, json);
      }
      if (status !== 200) {
        reply.status(status).header('content-type', JSON_TYPE).send(json);
        return;
      }
      // The hot path writes the response itself: Fastify's send would split it into a
      // write and an end, which costs a second buffer in every socket write.
      reply.hijack();
      const headers: Record<string, string | number> = {
        'content-type': JSON_TYPE,
        'content-length': Buffer.byteLength(json),
      };
      if (request.headers.origin !== undefined) Object.assign(headers, CORS_HEADERS);
      reply.raw.writeHead(200, headers);
      reply.raw.end(json);
    };
    app.post<{ Params: { key: string }; Body: unknown }>(
      '/ofrep/v1/evaluate/flags/:key',
      { bodyLimit: BODY_LIMIT },
      (request, reply) => {
        counts.single++;
        const env = authenticate(request, reply, deps);
        if (env instanceof Promise)
          return env.then((found) => {
            if (found) single(found, request, reply);
          });
        if (env) single(env, request, reply);
        return undefined;
      },
    );

    app.post<{ Body: unknown }>(
      '/ofrep/v1/evaluate/flags',
      { bodyLimit: BODY_LIMIT },
      async (request, reply) => {
        counts.bulk++;
        const env = await authenticate(request, reply, deps);
        if (!env) return reply;
        const raw = (request.body as { context?: unknown } | null)?.context;
        const tooBig = limitBody(raw);
        if (tooBig) return reply.status(400).send(tooBig);
        const mapped = toLdContext(raw);
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
      },
    );
  };
}
