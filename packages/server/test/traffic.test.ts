import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { APP_ROUTES } from '../src/http/dashboard/dashboard-assets.js';
import { routeGroup } from '../src/http/traffic.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let s: TestServer;

before(async () => {
  s = await startTestServer('sqlite');
});

after(() => s.close());

test('each surface’s routes fall in its group', () => {
  const cases: [string, string][] = [
    ['/api/v1/projects/:project/flags', 'admin'],
    ['/ofrep/v1/evaluate/flags/:key', 'ofrep'],
    ['/health/ready', 'system'],
    ['/metrics', 'system'],
    ['/bulk', 'ingest'],
    ['/events/bulk/:envId', 'ingest'],
    ['/mobile', 'ingest'],
    ['/mobile/events/diagnostic', 'ingest'],
    ['/all', 'stream'],
    ['/eval/:envId/:context', 'stream'],
    ['/meval/:context', 'stream'],
    ['/sdk/evalx/:envId/contexts/:context', 'client-side'],
    ['/msdk/evalx/context', 'client-side'],
    ['/sdk/latest-all', 'sdk'],
  ];
  for (const [url, group] of cases) assert.equal(routeGroup(url), group, url);
});

test('every route the server registers has a group of its own surface (none falls through)', () => {
  // printRoutes draws a tree: each line continues the path of the line one level up.
  const tree = s.server.app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: { path: string; methods: string }[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:│ {3}| {4})*)[├└]── (\S+) \(([^)]*)\)/.exec(line);
    if (!match) continue;
    const depth = (match[1] as string).length / 4;
    stack.length = depth;
    stack.push(match[2] as string);
    const path = stack.join('');
    if (path.startsWith('/')) routes.push({ path, methods: match[3] as string });
  }
  assert.ok(routes.length > 30, `${routes.length} routes found`);
  // Only the dashboard's own routes (its app paths and built files) may land in its group; any
  // other route landing there is a new one to classify. The tree prints `/projects/*` as
  // `projects` then `*`; CORS preflights (OPTIONS only) carry no body and are not counted.
  const allowed = new Set(APP_ROUTES.map((r) => r.replace('/*', '*')));
  for (const { path, methods } of routes) {
    if (routeGroup(path) !== 'dashboard' || methods === 'OPTIONS') continue;
    assert.ok(
      allowed.has(path) || path === '/index.html' || path.startsWith('/assets/'),
      `${path} (${methods}) falls through to the dashboard group`,
    );
  }
});
