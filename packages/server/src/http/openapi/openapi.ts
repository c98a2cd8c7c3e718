/**
 * The OpenAPI document at /api/v1/openapi.json covers the admin API only, with each
 * operation's tag, summary and answers from admin-operations.ts; the SDK, OFREP, event
 * and system surfaces follow LaunchDarkly's and OpenFeature's own protocols and are left
 * out. A browsable reference (Swagger UI, served from its own package's files, so it works
 * offline) is at /api/v1/reference.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { ADMIN_OPERATIONS } from './admin-operations.js';

export const REFERENCE_PATH = '/api/v1/reference';

/** Before any route: @fastify/swagger records routes as they are added. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Switchyard admin API',
        version: '1',
        description:
          'Projects, environments, flags, targeting, segments, accounts, tokens, users and the audit log. ' +
          'Errors are {code, message, details?} with a stable code.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: ({ schema, url, route }) => {
      if (!url.startsWith('/api/v1/')) return { schema: { ...schema, hide: true }, url };
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const operation = ADMIN_OPERATIONS[`${methods[0]} ${route.url}`];
      // An admin route missing from the table stays bare, and the document's test names it.
      if (operation === undefined) return { schema, url };
      // A route's own response schema (it also serializes) wins over the table's description.
      const response = { ...operation.responses, ...(schema?.response as object | undefined) };
      // Sign-in and first-run setup need no credential.
      const security =
        (route.config as { public?: boolean } | undefined)?.public === true ? { security: [] } : {};
      return {
        schema: { ...schema, ...security, tags: [operation.tag], summary: operation.summary, response },
        url,
      };
    },
  });
}

/** The document and the reference page, after every route is registered. */
export async function openApiRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(swaggerUi, {
    routePrefix: REFERENCE_PATH,
    // No call to swagger.io's validator: the page must work without the internet.
    uiConfig: { validatorUrl: null, docExpansion: 'list', deepLinking: true },
  });
}
