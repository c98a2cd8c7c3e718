/**
 * The dashboard's built files at `/`, with the single-page app's routes falling back to
 * index.html. The API, SDK, OFREP, event and system paths are never answered here: an
 * unknown path under them keeps its JSON 404.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** First path segments that belong to other surfaces (app.ts and the SDK, OFREP and ingest plugins). */
const RESERVED = new Set([
  'api',
  'sdk',
  'msdk',
  'meval',
  'eval',
  'all',
  'ofrep',
  'bulk',
  'diagnostic',
  'events',
  'mobile',
  'health',
  'metrics',
  'status',
]);

function isAppRoute(url: string): boolean {
  const first = url.split('?')[0]?.split('/')[1] ?? '';
  return !RESERVED.has(first) && !first.includes('.');
}

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
    const serveIndex = (url: string, reply: FastifyReply) =>
      isAppRoute(url) ? reply.sendFile('index.html') : reply.callNotFound();
    app.get('/', { schema: { hide: true } }, (request, reply) => serveIndex(request.url, reply));
    app.get('/*', { schema: { hide: true } }, (request, reply) => serveIndex(request.url, reply));
  };
}
