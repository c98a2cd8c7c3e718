/**
 * The dashboard's built files at `/`, with the single-page app's own routes answered by
 * index.html so a deep link survives a reload. Only the app's top-level paths fall back:
 * a catch-all route would also catch what the router refuses elsewhere (an overlong
 * parameter under /api/v1 must stay a 414), and API, SDK, OFREP, event and system paths
 * keep their JSON 404.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** The top-level paths of packages/dashboard/src/router.tsx. */
export const APP_ROUTES: readonly string[] = [
  '/',
  '/sign-in',
  '/setup',
  '/projects',
  '/projects/*',
  '/ops/*',
  '/new-project',
];

export function dashboardAssets(root: string) {
  return async function dashboardAssetsPlugin(app: FastifyInstance): Promise<void> {
    // Hashed asset names never change content, so they may be cached for good; index.html must not be.
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      setHeaders: (reply, path) => {
        reply.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    const serveIndex = (_request: unknown, reply: FastifyReply) => reply.sendFile('index.html');
    for (const url of APP_ROUTES) app.get(url, { schema: { hide: true } }, serveIndex);
  };
}
