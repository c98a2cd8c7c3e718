import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

export interface SystemDeps {
  /** Whether the server can serve: the database answers. */
  readonly ready: () => Promise<boolean>;
  readonly metrics: Registry;
}

/** /health and /metrics: unauthenticated, cheap, for load balancers and Prometheus. */
export function systemRoutes(deps: SystemDeps) {
  return async function systemPlugin(app: FastifyInstance): Promise<void> {
    app.get('/health', async (_request, reply) => {
      const ok = await deps.ready();
      return reply
        .status(ok ? 200 : 503)
        .send({ status: ok ? 'ok' : 'unavailable', database: ok ? 'up' : 'down' });
    });
    app.get('/metrics', async (_request, reply) =>
      reply.type(deps.metrics.contentType).send(await deps.metrics.metrics()),
    );
  };
}
