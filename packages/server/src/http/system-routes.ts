import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { type HealthDeps, healthRoutes } from './health-routes.js';
import type { PatternWarning } from './pattern-warnings.js';

export interface SystemDeps extends HealthDeps {
  /** What this node serves, per environment (no credentials). */
  readonly environments: () => readonly EnvironmentStatus[];
  readonly metrics: Registry;
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

/**
 * /health, /health/live, /health/ready (see health-routes.ts), /status and /metrics:
 * unauthenticated, cheap, for load balancers, operators and Prometheus.
 */
export function systemRoutes(deps: SystemDeps) {
  return async function systemPlugin(app: FastifyInstance): Promise<void> {
    await app.register(healthRoutes(deps));
    app.get('/status', async () => {
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
    app.get('/metrics', async (_request, reply) =>
      reply.type(deps.metrics.contentType).send(await deps.metrics.metrics()),
    );
  };
}
