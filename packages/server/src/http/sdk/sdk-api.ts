/**
 * LaunchDarkly's server-side SDK endpoints (reference/ld-protocol.md §1): the stream
 * `GET /all` and polling `GET /sdk/latest-all` (ETag, gzip); events (`POST /bulk`,
 * `/diagnostic`) are the ingest plugin's (src/http/ingest/ingest-api.ts). Authenticated by
 * the raw SDK key; an unknown key is 401, which SDKs treat as permanent, so a key this node does
 * not know is checked against the store first, and a store outage answers 503 (credentials.ts).
 */
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EnvironmentData } from '../../delivery/environment-snapshots.js';
import { refuseIfFull, type StreamHub } from '../../delivery/stream-hub.js';
import { ApiError } from '../../errors.js';
import { type CredentialDeps, lookUp } from './credentials.js';

export interface SdkApiDeps extends CredentialDeps {
  readonly environmentForSdkKey: (sdkKey: string) => EnvironmentData | undefined;
  readonly streams: StreamHub;
}

interface PollBody {
  readonly etag: string;
  readonly json: string;
  readonly gzip: Buffer;
}

const pollBodies = new WeakMap<EnvironmentData, PollBody>();

function pollBody(data: EnvironmentData): PollBody {
  let body = pollBodies.get(data);
  if (body === undefined) {
    const json = JSON.stringify({ flags: data.flags, segments: data.segments });
    body = { etag: `"${data.environment.dataVersion}"`, json, gzip: gzipSync(json) };
    pollBodies.set(data, body);
  }
  return body;
}

function sdkKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined || header === '') return undefined;
  return header.replace(/^(bearer|api_key)\s+/i, '');
}

async function authenticate(request: FastifyRequest, deps: SdkApiDeps): Promise<EnvironmentData> {
  const data = await lookUp(deps.environmentForSdkKey, deps, sdkKeyOf(request));
  if (data === undefined) throw new ApiError('UNAUTHORIZED', 'Unknown SDK key');
  return data;
}

export function sdkApi(deps: SdkApiDeps) {
  return async function sdkPlugin(app: FastifyInstance): Promise<void> {
    app.get('/all', async (request, reply) => {
      const data = await authenticate(request, deps);
      refuseIfFull(deps.streams, data.id);
      reply.hijack();
      deps.streams.open(data, reply.raw);
    });

    app.get('/sdk/latest-all', async (request, reply) => {
      const data = await authenticate(request, deps);
      const body = pollBody(data);
      reply.header('etag', body.etag).header('cache-control', 'no-cache');
      if (request.headers['if-none-match'] === body.etag) {
        return reply.status(304).send();
      }
      const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
      reply.header('content-type', 'application/json; charset=utf-8');
      if (gzip)
        return reply.header('content-encoding', 'gzip').header('vary', 'accept-encoding').send(body.gzip);
      return reply.send(body.json);
    });
  };
}
