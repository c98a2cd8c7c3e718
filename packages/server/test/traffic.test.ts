import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
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
  const paths: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:│ {3}| {4})*)[├└]── (\S+) \(/.exec(line);
    if (!match) continue;
    const depth = (match[1] as string).length / 4;
    stack.length = depth;
    stack.push(match[2] as string);
    const path = stack.join('');
    if (path.startsWith('/')) paths.push(path);
  }
  assert.ok(paths.length > 30, `${paths.length} routes found`);
  // No dashboard is served by this package yet: a route landing there is a new one to classify.
  for (const path of paths) assert.notEqual(routeGroup(path), 'dashboard', path);
});
