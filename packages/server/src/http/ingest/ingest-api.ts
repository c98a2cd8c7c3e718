/**
 * Event ingest (docs/adr/0005): LaunchDarkly's event endpoints for server-side SDKs (SDK
 * key), browsers (client-side ID in the path, CORS) and mobile SDKs (mobile key). The
 * guard's cheap checks run in onRequest, so a refused batch is never parsed; an accepted
 * one is answered 202 only after the pipeline made it durable. Every answer says what
 * happened in `X-Switchyard-Events`.
 */
import { randomUUID } from 'node:crypto';
import { type Account, DEFAULT_ACCOUNT_KEY, DEFAULT_PLAN } from '@switchyard/control-plane';
import {
  type EventPayloadKind,
  type EventPipeline,
  type EventSource,
  PipelineClosedError,
  ShedError,
} from '@switchyard/pipeline';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EnvironmentData } from '../../delivery/environment-snapshots.js';
import { ApiError, type ApiErrorCode, toErrorBody } from '../../errors.js';
import type { IngestGuard, PassVerdict, RefusalReason } from '../../guard/ingest-guard.js';
import type { UsageMeter } from '../../guard/usage-meter.js';
import { CONTEXT_LIMIT_CODES } from '../context-limit-error.js';
import { type CredentialDeps, lookUp } from '../sdk/credentials.js';
import type { IngestMetrics } from './ingest-metrics.js';
import type { ParseOutcome, ParseRequest } from './parse-post.js';
import { type BodyLimits, eventBody } from './request-body.js';

export const EVENTS_HEADER = 'x-switchyard-events';

export interface IngestApiDeps extends CredentialDeps {
  readonly environmentForSdkKey: (key: string) => EnvironmentData | undefined;
  readonly environmentForClientSideId: (id: string) => EnvironmentData | undefined;
  readonly environmentForMobileKey: (key: string) => EnvironmentData | undefined;
  /** The account owning a project (in memory; may reload once for a project not seen yet). */
  readonly accountFor: (projectKey: string) => Account | undefined | Promise<Account | undefined>;
  readonly guard: IngestGuard;
  readonly meter: Pick<UsageMeter, 'record'>;
  readonly pipeline: Pick<EventPipeline, 'accept'>;
  /** parsePost, inline or on a parse thread (ParseThreads). */
  readonly parse: (request: ParseRequest) => ParseOutcome | Promise<ParseOutcome>;
  readonly metrics: IngestMetrics;
  readonly limits: BodyLimits;
  /** The browser endpoints' CORS headers. */
  readonly cors: (request: FastifyRequest) => Record<string, string>;
}

interface IngestState {
  readonly data: EnvironmentData;
  readonly account: Account;
  readonly verdict: PassVerdict;
  readonly payloadId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    ingest: IngestState | undefined;
  }
}

const ROUTES: readonly (readonly [string, EventSource, EventPayloadKind])[] = [
  ['/bulk', 'server', 'analytics'],
  ['/diagnostic', 'server', 'diagnostic'],
  ['/events/bulk/:envId', 'client', 'analytics'],
  ['/events/diagnostic/:envId', 'client', 'diagnostic'],
  ['/mobile', 'mobile', 'analytics'],
  ['/mobile/events', 'mobile', 'analytics'],
  ['/mobile/events/bulk', 'mobile', 'analytics'],
  ['/mobile/events/diagnostic', 'mobile', 'diagnostic'],
];

const PAYLOAD_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const REFUSALS: Record<RefusalReason, { code: ApiErrorCode; message: string }> = {
  'rate-limit': {
    code: 'RATE_LIMITED',
    message: 'This account sends more events per second than its limit allows',
  },
  'circuit-breaker': {
    code: 'EVENTS_THROTTLED',
    message: "This account's events are throttled (the circuit breaker or an operator)",
  },
  shed: { code: 'SPOOL_FULL', message: 'The event pipeline is shedding load' },
};

/** Ingest never stops for an account it cannot name: it counts the events under the default account. */
const UNKNOWN_ACCOUNT: Account = Object.freeze({
  key: DEFAULT_ACCOUNT_KEY,
  name: 'unknown',
  plan: DEFAULT_PLAN,
  limits: {},
  createdAt: '',
});

function credential(request: FastifyRequest): string {
  return (request.headers.authorization ?? '').replace(/^(bearer|api_key)\s+/i, '');
}

/** A refused batch: the one error handler answers it, with what happened in `X-Switchyard-Events`. */
function refusal(reason: string, code: ApiErrorCode, message: string, retryAfter?: number): ApiError {
  const headers: Record<string, string> = { [EVENTS_HEADER]: `rejected; reason=${reason}` };
  if (retryAfter === undefined) return new ApiError(code, message, undefined, headers);
  headers['retry-after'] = String(retryAfter);
  return new ApiError(code, `${message}; retry after ${retryAfter} s`, undefined, headers);
}

export function ingestApi(deps: IngestApiDeps) {
  const { guard, meter, metrics } = deps;

  function environmentOf(
    source: EventSource,
    request: FastifyRequest,
  ): EnvironmentData | undefined | Promise<EnvironmentData | undefined> {
    if (source === 'server') return lookUp(deps.environmentForSdkKey, deps, credential(request));
    if (source === 'mobile') return lookUp(deps.environmentForMobileKey, deps, credential(request));
    return lookUp(deps.environmentForClientSideId, deps, (request.params as { envId?: string }).envId);
  }

  /** The credential's environment; a store that cannot confirm an unknown one refuses the batch with a 503 to retry. */
  async function environmentOrRetry(source: EventSource, request: FastifyRequest) {
    try {
      return await environmentOf(source, request);
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'STORE_UNAVAILABLE') throw error;
      metrics.count('refused', 'store-unavailable', 0);
      throw refusal('store-unavailable', 'STORE_UNAVAILABLE', error.message, 1);
    }
  }

  /** Authentication and the guard's cheap checks, before the body is read. */
  const door = (source: EventSource) => async (request: FastifyRequest, reply: FastifyReply) => {
    if (source === 'client') reply.headers(deps.cors(request));
    const data = await environmentOrRetry(source, request);
    if (data === undefined) {
      metrics.count('refused', 'unauthorized', 0);
      throw source === 'client'
        ? refusal('unauthorized', 'NOT_FOUND', 'Unknown client-side ID')
        : refusal('unauthorized', 'UNAUTHORIZED', `Unknown ${source === 'server' ? 'SDK' : 'mobile'} key`);
    }
    const account = (await deps.accountFor(data.environment.projectKey)) ?? UNKNOWN_ACCOUNT;
    const verdict = guard.door(account);
    if (verdict.kind === 'drop') {
      meter.record(account.key, `dropped.${verdict.reason}`, verdict.events);
      metrics.count('dropped', verdict.reason, verdict.events, account.key);
      return reply.status(202).header(EVENTS_HEADER, `dropped; reason=${verdict.reason}`).send();
    }
    if (verdict.kind === 'refuse') {
      meter.record(account.key, `dropped.${verdict.reason}`, verdict.events);
      metrics.count('refused', verdict.reason, verdict.events, account.key);
      const { code, message } =
        verdict.reason === 'shed' && verdict.status === 429
          ? { code: 'SPOOL_SHARE_FULL' as const, message: "This account's share of the event spool is full" }
          : REFUSALS[verdict.reason];
      throw refusal(verdict.reason, code, message, verdict.retryAfter);
    }
    const sent = request.headers['x-launchdarkly-payload-id'];
    const payloadId = typeof sent === 'string' && PAYLOAD_ID.test(sent) ? sent : randomUUID();
    request.ingest = { data, account, verdict, payloadId };
    return undefined;
  };

  /** The outcome of a batch handed to the pipeline; it holds no events while it waits. */
  const finish = async (
    reply: FastifyReply,
    account: Account,
    verdict: PassVerdict,
    count: number,
    sampled: string,
    durable: Promise<string>,
  ) => {
    const handedOn = performance.now();
    let durability: string;
    try {
      durability = await durable;
      metrics.durableAfter(durability, performance.now() - handedOn);
    } catch (error) {
      if (error instanceof ShedError) {
        guard.shed(account.key, error.reason, error.retryAfterSeconds);
        meter.record(account.key, 'dropped.shed', count);
        metrics.count('refused', 'shed', count, account.key);
        const code = error.reason === 'spool-full' ? 'SPOOL_FULL' : 'SPOOL_SHARE_FULL';
        throw refusal('shed', code, error.message, error.retryAfterSeconds);
      }
      if (error instanceof PipelineClosedError) {
        metrics.count('refused', 'shutting-down', count, account.key);
        throw refusal('shutting-down', 'SHUTTING_DOWN', error.message, 1);
      }
      throw error;
    }
    guard.accepted(verdict, count);
    meter.record(account.key, 'accepted', count);
    metrics.count('accepted', durability, count, account.key);
    return reply.status(202).header(EVENTS_HEADER, `accepted; durable=${durability}${sampled}`).send();
  };

  const handle =
    (source: EventSource, kind: EventPayloadKind) => async (request: FastifyRequest, reply: FastifyReply) => {
      const state = request.ingest;
      if (state === undefined) throw new Error('ingest state missing: the onRequest hook did not run');
      const { account, verdict, payloadId, data } = state;
      const body = request.body instanceof Uint8Array ? request.body : undefined;
      // The bytes go to the parser; nothing here holds them while the post waits for its confirm.
      request.body = undefined;
      const outcome = await deps.parse({
        body,
        kind,
        source,
        payloadId,
        accountKey: account.key,
        projectKey: data.environment.projectKey,
        environmentKey: data.environment.key,
        receivedAt: Date.now(),
        samplingRatio: verdict.decision.samplingRatio,
      });
      if (!outcome.ok) {
        const code = outcome.limit === undefined ? 'INVALID_EVENTS' : CONTEXT_LIMIT_CODES[outcome.limit];
        throw new ApiError(code, outcome.message, outcome.details);
      }
      const { total, kept, post } = outcome;
      guard.admit(verdict, account.key, total);
      meter.record(account.key, 'dropped.sampling', total - kept);
      const sampled = kept < total ? `; sampled=${kept}/${total}` : '';
      if (post === undefined) {
        metrics.count('accepted', total === 0 ? 'empty' : 'sampled', 0);
        return reply.status(202).header(EVENTS_HEADER, `accepted${sampled}`).send();
      }
      return finish(reply, account, verdict, kept, sampled, deps.pipeline.accept(post));
    };

  return async function ingestPlugin(app: FastifyInstance): Promise<void> {
    app.decorateRequest('ingest', undefined);
    // Event posts are JSON whatever their Content-Type says (some SDKs send none); the
    // handler's parser reads the bytes.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: deps.limits.inflatedLimit },
      (_request, body: Buffer, done) => done(null, body.length === 0 ? undefined : body),
    );
    // Errors are answered by the one handler (errors.ts); this hook only counts the ones
    // not counted where they were thrown, and says what happened in X-Switchyard-Events.
    app.addHook('onError', async (request, reply, error) => {
      const body = toErrorBody(error);
      if (body === undefined) {
        metrics.count('refused', 'error', 0);
        reply.header(EVENTS_HEADER, 'rejected; reason=error');
        return;
      }
      const invalid =
        body.code === 'INVALID_EVENTS' || body.code === 'INVALID_JSON' || body.code.startsWith('CONTEXT_');
      if (invalid || body.code === 'PAYLOAD_TOO_LARGE') {
        const account = request.ingest?.account.key;
        if (account !== undefined) meter.record(account, 'invalid-payloads', 1);
        metrics.count('invalid', invalid ? 'invalid' : 'too-large', 0);
        reply.header(EVENTS_HEADER, `rejected; reason=${invalid ? 'invalid' : 'too-large'}`);
      }
    });

    for (const [path, source, kind] of ROUTES) {
      app.post(
        path,
        {
          bodyLimit: deps.limits.inflatedLimit,
          onRequest: door(source),
          preParsing: async (request, _reply, payload) => eventBody(request.raw, payload, deps.limits),
        },
        handle(source, kind),
      );
    }
    app.options('/events/*', (request, reply) => reply.headers(deps.cors(request)).status(204).send());
  };
}
