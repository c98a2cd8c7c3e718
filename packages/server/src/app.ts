/**
 * buildApp(deps): the Fastify application with every HTTP surface as its own plugin.
 * It never listens, so tests drive it with inject() or listen on port 0 themselves.
 */
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { registerErrorHandling } from './errors.js';
import { type AdminApiDeps, adminApi } from './http/admin/admin-api.js';
import { type OfrepDeps, ofrepApi } from './http/ofrep/ofrep-api.js';
import { type SystemDeps, systemRoutes } from './http/system-routes.js';
import { registerValidation } from './http/validation.js';

export interface AppDeps {
  readonly logger: Logger;
  readonly admin: AdminApiDeps;
  readonly ofrep: OfrepDeps;
  readonly system: SystemDeps;
}

function countRequests(app: FastifyInstance, registry: Registry): void {
  const requests = new Counter({
    name: 'switchyard_http_requests_total',
    help: 'HTTP requests answered, by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    requests.inc({
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    });
  });
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.admin.bodyLimit,
    // SDK-facing routes take far too many requests to log each one; errors are logged
    // by the error handler, and /metrics counts requests by route and status.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true },
    },
  });
  registerErrorHandling(app);
  registerValidation(app);
  countRequests(app, deps.system.metrics);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Switchyard admin API', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(systemRoutes(deps.system));
  await app.register(adminApi(deps.admin), { prefix: '/api/v1' });
  await app.register(ofrepApi(deps.ofrep));
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
