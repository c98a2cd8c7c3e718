import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openSse, type SseStream } from './support/sse-reader.js';
import { ADMIN_TOKEN, postgresAvailable, startTestServer, type TestServer } from './support/test-server.js';
import { waitFor } from './support/wait-for.js';

if (!(await postgresAvailable()))
  throw new Error('PostgreSQL is required for this test but is not reachable');

let a: TestServer;
let b: TestServer;
let stream: SseStream | undefined;

before(async () => {
  a = await startTestServer('postgres');
  b = await startTestServer('postgres', a.databaseUrl);
});
after(async () => {
  stream?.close();
  await b.close();
  await a.close();
});

test('a change committed on node A reaches a change feed open on node B', async () => {
  await a.api('POST', '/api/v1/projects', { key: 'multi', name: 'Multi' });
  await a.api('POST', '/api/v1/projects/multi/flags', { key: 'kill', name: 'Kill switch' });
  stream = await openSse(b.url, '/api/v1/projects/multi/changes', { authorization: `Bearer ${ADMIN_TOKEN}` });
  assert.equal(stream.status, 200);
  const opened = stream;
  await a.api('POST', '/api/v1/projects/multi/flags/kill/environments/production/toggle', { on: true });
  await waitFor(() => opened.events.some((e) => e.data.action === 'flag.turn-on'), {
    what: 'node B to send the change made on node A',
  });
  const event = opened.events.find((e) => e.data.action === 'flag.turn-on');
  assert.equal(event?.data.key, 'kill');
  assert.equal(event?.data.environmentKey, 'production');
});
