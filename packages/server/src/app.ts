/**
 * buildApp(deps): the Fastify application with every HTTP surface as its own plugin.
 * It never listens, so tests drive it with inject() or listen on port 0 themselves.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { frameworkErrors, registerErrorHandling } from './errors.js';
import { type AdminApiDeps, adminApi } from './http/admin/admin-api.js';
import { dashboardAssets } from './http/dashboard/dashboard-assets.js';
import { type IngestApiDeps, ingestApi } from './http/ingest/ingest-api.js';
import { type OfrepDeps, ofrepApi } from './http/ofrep/ofrep-api.js';
import { openApiRoutes, registerOpenApi } from './http/openapi/openapi.js';
import { type ClientSideApiDeps, clientSideApi } from './http/sdk/client-side-api.js';
import { type SdkApiDeps, sdkApi } from './http/sdk/sdk-api.js';
import { type SystemDeps, systemRoutes } from './http/system-routes.js';
import { countTraffic, logAdminRequests, type TrafficOptions } from './http/traffic.js';
import { registerValidation } from './http/validation.js';

export interface AppDeps {
  readonly logger: Logger;
  /** Request metrics and the periodic traffic summary. */
  readonly traffic: Omit<TrafficOptions, 'metrics' | 'logger'>;
  readonly admin: AdminApiDeps;
  readonly ofrep: OfrepDeps;
  readonly sdk: SdkApiDeps;
  readonly clientSide: ClientSideApiDeps;
  readonly system: SystemDeps;
  readonly ingest: IngestApiDeps;
  /** The dashboard's built files; undefined when it is not built, and `/` stays a 404. */
  readonly dashboardDir?: string | undefined;
}

/**
 * Counts requests by method, route and status. Counting into a Map and handing the
 * totals to prom-client when it is scraped keeps the per-request cost to one lookup.
 */
function countRequests(app: FastifyInstance, registry: Registry): void {
  const pending = new Map<string, number>();
  new Counter({
    name: 'switchyard_http_requests_total',
    help: 'HTTP requests answered, by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
    collect() {
      for (const [labels, n] of pending) {
        const [method, route, status] = labels.split(' ');
        this.inc({ method, route, status }, n);
      }
      pending.clear();
    },
  });
  app.addHook('onResponse', (request, reply, done) => {
    const labels = `${request.method} ${request.routeOptions.url ?? 'unmatched'} ${reply.statusCode}`;
    pending.set(labels, (pending.get(labels) ?? 0) + 1);
    done();
  });
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.admin.bodyLimit,
    // SDK-facing routes take far too many requests to log each one: errors are logged by
    // the error handlers, the admin API logs its own requests, the rest is summed up (traffic.ts).
    logController: new LogController({ disableRequestLogging: true }),
    // A child logger per request costs more than the rest of an OFREP evaluation;
    // request-scoped fields are added where something is actually logged.
    childLoggerFactory: (logger) => logger,
    // Fastify's default (100) is shorter than a 128-character key and than most contexts a
    // browser SDK sends base64-encoded in the path; the URL itself stays capped by Node's header limit.
    routerOptions: { maxParamLength: 8192 },
    frameworkErrors,
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true },
    },
  });
  // Client-side SDKs send their context as the body of a REPORT request.
  app.addHttpMethod('REPORT', { hasBody: true });
  registerErrorHandling(app);
  registerValidation(app);
  await registerOpenApi(app);
  // Before any route: each route is tagged with its group as it is added.
  const traffic = countTraffic(app, { ...deps.traffic, metrics: deps.system.metrics, logger: deps.logger });
  app.addHook('onClose', (_instance, done) => {
    traffic.stop();
    done();
  });
  await app.register(systemRoutes(deps.system));
  // The admin API also counts by route (the dashboards built on it) and logs each request.
  await app.register(
    async (scope) => {
      countRequests(scope, deps.system.metrics);
      logAdminRequests(scope);
      await scope.register(adminApi(deps.admin));
    },
    { prefix: '/api/v1' },
  );
  await app.register(ofrepApi(deps.ofrep));
  await app.register(sdkApi(deps.sdk));
  await app.register(clientSideApi(deps.clientSide));
  await app.register(ingestApi(deps.ingest));
  if (deps.dashboardDir !== undefined) await app.register(dashboardAssets(deps.dashboardDir));
  await openApiRoutes(app);
  return app;
}
