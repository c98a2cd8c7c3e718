/**
 * Parse threads: a post parsed on a thread comes out exactly as parsed inline (valid,
 * sampled, invalid JSON, invalid events, diagnostic), small bodies stay inline, and a
 * thread that dies fails only its waiting posts and is started again.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ParseRequest, parsePost } from '../src/http/ingest/parse-post.js';
import { ParseThreads } from '../src/http/ingest/parse-threads.js';
import { customEvents } from './support/events.js';

const errors: string[] = [];
const log = { info() {}, warn() {}, error: (_: object, message: string) => errors.push(message) };
const threads = new ParseThreads(1, log);
const crashing = new ParseThreads(1, log, new URL('./support/crashing-parse-thread.ts', import.meta.url));
after(() => Promise.all([threads.close(), crashing.close()]));

function request(body: unknown, overrides: Partial<ParseRequest> = {}): ParseRequest {
  return {
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    kind: 'analytics',
    source: 'server',
    payloadId: 'p-1',
    accountKey: 'acme',
    projectKey: 'shop',
    environmentKey: 'production',
    receivedAt: 1_700_000_000_000,
    samplingRatio: 1,
    ...overrides,
  };
}

const big = customEvents(200);

test('a post parsed on a thread is the post parsed inline: counts, sampling and errors alike', async () => {
  const cases: ParseRequest[] = [
    request(big),
    request(big, { samplingRatio: 0.3, payloadId: 'sampled' }),
    request(big, { samplingRatio: 0 }),
    request(`[${'{"kind":"custom",'.repeat(400)}`),
    request([...big, { kind: 'custom', key: 42, creationDate: 1 }]),
    request(
      { kind: 'diagnostic', id: { diagnosticId: 'd' }, padding: 'x'.repeat(5000) },
      { kind: 'diagnostic' },
    ),
  ];
  for (const c of cases)
    assert.ok((c.body?.byteLength ?? 0) >= 4096, 'each case is large enough for a thread');
  const onThread = await Promise.all(cases.map((c) => threads.parse(c)));
  assert.equal(threads.up, 1, 'the thread started with the first large post');
  assert.deepEqual(onThread, cases.map(parsePost));

  const [whole, sampled, none, notJson, invalid] = onThread;
  assert.ok(whole?.ok && whole.total === 200 && whole.kept === 200);
  const post = whole.post;
  assert.ok(post !== undefined);
  const folded = JSON.parse(post.json);
  assert.equal(folded.eventCount, 200);
  assert.deepEqual(folded.customEvents.slice(0, 1), ['clicked'], 'one custom event key');
  assert.equal(folded.customEvents[2], 199, 'the first event is an index event');
  assert.ok(sampled?.ok && sampled.kept > 20 && sampled.kept < 100, 'about 30% kept');
  assert.ok(none?.ok && none.kept === 0 && none.post === undefined);
  assert.ok(notJson !== undefined && !notJson.ok && notJson.message === 'The body is not valid JSON');
  assert.ok(invalid !== undefined && !invalid.ok && invalid.details[0]?.path.startsWith('/200'));
  assert.equal(threads.waiting, 0);
});

test('a small body is parsed inline, without a thread round trip', () => {
  const outcome = threads.parse(request(customEvents(2)));
  assert.ok(!(outcome instanceof Promise), 'answered synchronously');
  assert.ok(outcome.ok && outcome.kept === 2);
});

test('a thread that dies fails its waiting posts; posts go inline until it is back', async () => {
  const crash = crashing.parse(request(big, { payloadId: 'crash' }));
  await assert.rejects(Promise.resolve(crash), /the event parse thread stopped/);
  assert.ok(errors.some((message) => message.includes('starting it again')));
  assert.equal(crashing.up, 0);
  const meanwhile = await crashing.parse(request(big, { payloadId: 'while-down' }));
  assert.ok(meanwhile.ok && meanwhile.kept === 200, 'parsed inline while no thread is up');
  const deadline = Date.now() + 5000;
  while (crashing.up === 0 && Date.now() < deadline) await sleep(50);
  assert.equal(crashing.up, 1, 'started again');
  const after = await crashing.parse(request(big, { payloadId: 'after' }));
  assert.deepEqual(after, parsePost(request(big, { payloadId: 'after' })));
});
