/** Without a built dashboard the server still starts, and `/` stays the API's JSON 404. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startTestServer } from './support/test-server.js';

test('a server whose dashboard is not built starts and answers the API, with / a JSON 404', async () => {
  const empty = await mkdtemp(join(tmpdir(), 'switchyard-no-dashboard-'));
  const s = await startTestServer('sqlite', undefined, { dashboardDir: empty });
  try {
    const root = await s.api('GET', '/');
    assert.equal(root.status, 404);
    assert.equal(root.body.code, 'ROUTE_NOT_FOUND');
    assert.equal((await s.api('GET', '/api/v1/projects')).status, 200);
  } finally {
    await s.close();
    await rm(empty, { recursive: true, force: true });
  }
});
