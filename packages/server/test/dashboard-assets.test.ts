/**
 * Without a built dashboard the server still starts, and `/` stays the API's JSON 404; with
 * one, the first-run link it prints (`/setup#token=…`) opens the dashboard.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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

test('the first-run setup link the server prints opens the dashboard, not a JSON 404', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-dashboard-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Switchyard</title>');
  const s = await startTestServer('sqlite', undefined, { dashboardDir: dir });
  try {
    const link = new URL(s.server.setupUrl ?? assert.fail('a server with no user prints a setup link'));
    const page = await s.api('GET', link.pathname, undefined, null);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(String(page.body), /<title>Switchyard<\/title>/);
  } finally {
    await s.close();
    await rm(dir, { recursive: true, force: true });
  }
});
