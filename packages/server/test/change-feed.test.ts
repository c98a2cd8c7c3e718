import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CookieClient } from './support/cookie-client.js';
import { openSse, type SseStream } from './support/sse-reader.js';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './support/test-server.js';
import { waitFor } from './support/wait-for.js';

let s: TestServer;
const open: SseStream[] = [];
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const feed = async (path: string, headers: Record<string, string>) => {
  const stream = await openSse(s.url, path, headers);
  open.push(stream);
  return stream;
};

before(async () => {
  s = await startTestServer('sqlite', undefined, { adminFeeds: { perPrincipal: 2, heartbeatMs: 100 } });
  await s.api('POST', '/api/v1/projects', { key: 'shop', name: 'Shop' });
  await s.api('POST', '/api/v1/projects', { key: 'other', name: 'Other' });
  await s.api('POST', '/api/v1/projects/shop/flags', { key: 'checkout', name: 'Checkout' });
  await s.api('POST', '/api/v1/projects/other/flags', { key: 'elsewhere', name: 'Elsewhere' });
  const token = new URL(s.server.setupUrl ?? '').hash.slice('#token='.length);
  await s.api(
    'POST',
    '/api/v1/setup',
    { token, email: 'root@example.com', name: 'Root', password: 'a long admin password' },
    null,
  );
  await s.api('POST', '/api/v1/users', {
    email: 'viewer@example.com',
    name: 'Viewer',
    role: 'reader',
    password: 'a long viewer password',
  });
});
after(async () => {
  for (const stream of open) stream.close();
  await s.close();
});

test('a dashboard watching a project by cookie gets an event for a change another client makes, and heartbeats', async () => {
  const viewer = new CookieClient(s.url);
  await viewer.signIn('viewer@example.com', 'a long viewer password');
  const stream = await feed('/api/v1/projects/shop/changes', { cookie: viewer.cookie ?? '' });
  assert.equal(stream.status, 200);

  await s.api('POST', '/api/v1/projects/other/flags/elsewhere/environments/production/toggle', { on: true });
  const toggled = await s.api('POST', '/api/v1/projects/shop/flags/checkout/environments/production/toggle', {
    on: true,
    comment: 'go',
  });
  await waitFor(() => stream.events.length > 0, { what: 'the change event on the feed' });
  const [first] = stream.events;
  assert.equal(first?.event, 'change');
  assert.equal(first?.data.action, 'flag.turn-on');
  assert.equal(first?.data.resourceKind, 'flag');
  assert.equal(first?.data.key, 'checkout');
  assert.equal(first?.data.environmentKey, 'production');
  assert.equal(first?.data.actor.kind, 'token');
  assert.equal(first?.data.version, toggled.body.version);
  assert.equal(first?.data.comment, 'go');

  await s.api('POST', '/api/v1/projects/shop/environments/production/segments', { key: 'beta' });
  await waitFor(() => stream.events.some((e) => e.data.key === 'beta'), { what: 'the segment event' });
  assert.ok(
    stream.events.every((e) => e.data.key !== 'elsewhere'),
    'a change of another project is not sent',
  );
  await waitFor(() => stream.comments >= 3, { what: 'heartbeats on an idle feed' });
});

test('feeds per principal are bounded, and a token scoped to another project may not watch', async () => {
  await feed('/api/v1/projects/shop/changes', bearer(ADMIN_TOKEN));
  await feed('/api/v1/projects/other/changes', bearer(ADMIN_TOKEN));
  const third = await feed('/api/v1/projects/shop/changes', bearer(ADMIN_TOKEN));
  assert.equal(third.status, 429);
  assert.equal(JSON.parse(third.body).code, 'TOO_MANY_FEEDS');

  const scoped = await s.api('POST', '/api/v1/tokens', {
    name: 'other only',
    role: 'reader',
    project: 'other',
  });
  const refused = await feed('/api/v1/projects/shop/changes', bearer(scoped.body.token));
  assert.equal(refused.status, 403);
  const missing = await feed('/api/v1/projects/nope/changes', bearer(scoped.body.token));
  assert.equal(missing.status, 403);
});

test('shutting the server down ends its feeds cleanly', async () => {
  const other = await startTestServer('sqlite');
  await other.api('POST', '/api/v1/projects', { key: 'p', name: 'P' });
  const stream = await openSse(other.url, '/api/v1/projects/p/changes', bearer(ADMIN_TOKEN));
  assert.equal(stream.status, 200);
  let ended = false;
  void stream.ended.then(() => {
    ended = true;
  });
  await other.close();
  await waitFor(() => ended, { what: 'the feed to end at shutdown' });
  assert.equal(ended, true);
});
