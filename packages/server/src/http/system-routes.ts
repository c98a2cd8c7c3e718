import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import { ApiError } from '../errors.js';
import { type HealthDeps, healthRoutes } from './health-routes.js';
import type { PatternWarning } from './pattern-warnings.js';

export interface SystemDeps extends HealthDeps {
  /** What this node serves, per environment (no credentials). */
  readonly environments: () => readonly EnvironmentStatus[];
  readonly metrics: Registry;
  /** When set, `/metrics` and `/status` answer 401 without `Authorization: Bearer <token>`. */
  readonly metricsToken?: string | undefined;
}

export interface EnvironmentStatus {
  readonly project: string;
  readonly environment: string;
  readonly dataVersion: number;
  readonly flags: number;
  readonly streams: number;
  /** `matches` patterns that never match because RE2 cannot compile them, by flag or segment. */
  readonly patternWarnings: readonly (PatternWarning & { readonly item: string })[];
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * A hook that lets through only requests bearing `token`. The digests have one length, so
 * the comparison takes the same time whatever was sent.
 */
function requireBearer(token: string) {
  const expected = digest(token);
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization ?? '';
    const sent = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (!timingSafeEqual(digest(sent), expected))
      throw new ApiError(
        'UNAUTHORIZED',
        'This endpoint needs the metrics token: Authorization: Bearer <token>',
      );
  };
}

/**
 * /health, /health/live, /health/ready (see health-routes.ts): unauthenticated and cheap,
 * for load balancers. /status and /metrics, for operators and Prometheus: open, or behind
 * the metrics token when one is configured (they name projects, environments and accounts).
 */
export function systemRoutes(deps: SystemDeps) {
  return async function systemPlugin(app: FastifyInstance): Promise<void> {
    await app.register(healthRoutes(deps));
    const guarded = deps.metricsToken === undefined ? {} : { onRequest: requireBearer(deps.metricsToken) };
    app.get('/status', guarded, async () => {
      const database = await deps.database();
      const changeFeed = deps.changeFeed();
      return {
        status: database && changeFeed ? 'ok' : 'degraded',
        database: database ? 'up' : 'down',
        changeFeed: changeFeed ? 'connected' : 'reconnecting',
        events: deps.events(),
        environments: deps.environments(),
      };
    });
    app.get('/metrics', guarded, async (_request, reply) =>
      reply.type(deps.metrics.contentType).send(await deps.metrics.metrics()),
    );
  };
}
