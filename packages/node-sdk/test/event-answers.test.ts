/**
 * The server's answers to event posts, from a tiny events server that answers as each case needs:
 * one retry with the same payload ID after a 500, a pause after a kill switch or a rate limit.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { init, type SwitchyardClient, TestData } from '../src/index.js';

interface Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
}

const posts: { url: string; payloadId: string }[] = [];
let answers: Answer[] = [];
const events = http.createServer((request, response) => {
  posts.push({ url: request.url ?? '', payloadId: String(request.headers['x-launchdarkly-payload-id']) });
  request.resume();
  const answer = answers.shift() ?? { status: 202 };
  response.writeHead(answer.status, answer.headers).end();
});
await new Promise<void>((resolve) => events.listen(0, '127.0.0.1', resolve));
const eventsUri = `http://127.0.0.1:${(events.address() as AddressInfo).port}`;
const clients: SwitchyardClient[] = [];

after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  events.closeAllConnections();
  await new Promise((resolve) => events.close(resolve));
});

function client(): SwitchyardClient {
  const c = init('sdk-key', {
    dataSource: new TestData(),
    sendEvents: true,
    eventsUri,
    eventRetryDelayMs: 10,
    flushIntervalMs: 60_000,
  });
  clients.push(c);
  return c;
}

const erin = { kind: 'user', key: 'erin' };

/** A client that tracks and flushes twice, the first post answered with `first`. */
async function twoFlushes(first: Answer): Promise<SwitchyardClient> {
  posts.length = 0;
  answers = [first];
  const c = client();
  for (let i = 0; i < 2; i++) {
    c.track('clicked', erin);
    await c.flush();
  }
  return c;
}

test('a 500 is retried exactly once, with the same payload ID, and then counted as accepted', async () => {
  posts.length = 0;
  answers = [
    { status: 500 },
    { status: 202, headers: { 'x-switchyard-events': 'accepted; durable=broker' } },
  ];
  const c = client();
  c.track('clicked', erin);
  await c.flush();
  assert.equal(posts.length, 2);
  assert.equal(posts[0]?.payloadId, posts[1]?.payloadId);
  assert.match(posts[0]?.payloadId ?? '', /^[0-9a-f-]{36}$/);
  assert.deepEqual(c.eventStats(), {
    acceptedPosts: 1,
    droppedPosts: {},
    rejectedPosts: {},
    failedPosts: 0,
    retriedPosts: 1,
    skippedPosts: 0,
    droppedEvents: 0,
  });
});

test('two 503s: one retry, then the post counts as failed; no third try', async () => {
  posts.length = 0;
  answers = [{ status: 503 }, { status: 503 }];
  const c = client();
  c.track('clicked', erin);
  await c.flush();
  assert.equal(posts.length, 2);
  assert.equal(c.eventStats()?.failedPosts, 1);
});

test('a kill switch is counted by reason and stops posting for a while, without retrying', async () => {
  const c = await twoFlushes({
    status: 202,
    headers: { 'x-switchyard-events': 'dropped; reason=kill-switch' },
  });
  assert.equal(posts.length, 1);
  const stats = c.eventStats();
  assert.deepEqual(stats?.droppedPosts, { 'kill-switch': 1 });
  assert.equal(stats?.skippedPosts, 1);
  assert.equal(stats?.retriedPosts, 0);
});

test('a rate-limit rejection is counted by reason and pauses posting for its Retry-After', async () => {
  const c = await twoFlushes({
    status: 429,
    headers: { 'x-switchyard-events': 'rejected; reason=rate-limit', 'retry-after': '30' },
  });
  assert.equal(posts.length, 1);
  assert.deepEqual(c.eventStats()?.rejectedPosts, { 'rate-limit': 1 });
  assert.equal(c.eventStats()?.skippedPosts, 1);
});

test('an invalid payload is counted as rejected and neither retried nor paused', async () => {
  const c = await twoFlushes({ status: 400, headers: { 'x-switchyard-events': 'rejected; reason=invalid' } });
  assert.equal(posts.length, 2);
  assert.deepEqual(c.eventStats()?.rejectedPosts, { invalid: 1 });
  assert.equal(c.eventStats()?.acceptedPosts, 1);
});
