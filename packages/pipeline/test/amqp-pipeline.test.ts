/**
 * The RabbitMQ mode against the machine's shared broker (127.0.0.1:5672). Each test
 * uses its own queue and exchange names and deletes them afterwards; nothing here
 * stops, alarms or reconfigures that broker (broker-faults.test.ts uses a private node).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import amqp from 'amqplib';
import { createEventPipeline, type EventPipeline, encodeBatch } from '../src/index.js';
import { startBlackholeProxy } from './support/blackhole-proxy.js';
import {
  brokerChannels,
  deleteTopology,
  offerLoad,
  reachable,
  SHARED_AMQP_URL,
  uniquePrefix,
} from './support/broker.js';
import { makeBatch, RecordingSink, silentLog, type TempDir, tempDir } from './support/fixtures.js';

const available = await reachable(5672);
if (!available && process.env.CI)
  throw new Error('RabbitMQ is required under CI but 127.0.0.1:5672 is not reachable');
const skip = available ? false : 'RabbitMQ is not reachable at 127.0.0.1:5672';

const dirs: TempDir[] = [];
const topologies: { prefix: string; shards: number }[] = [];
after(async () => {
  for (const { prefix, shards } of topologies) await deleteTopology(SHARED_AMQP_URL, prefix, shards);
  for (const dir of dirs) dir.remove();
});

interface Options {
  prefix: string;
  url?: string;
  heartbeatSeconds?: number;
  shards?: number;
  consume?: boolean;
  queueMaxBytes?: number;
  confirmTimeoutMs?: number;
  postsPerMessage?: number;
  connectionName?: string;
  queueType?: 'classic' | 'quorum';
}

function brokerPipeline(sink: RecordingSink, options: Options): Promise<EventPipeline> {
  const dir = tempDir();
  dirs.push(dir);
  const { prefix, consume, url, ...amqpOptions } = options;
  if (!topologies.some((t) => t.prefix === prefix)) topologies.push({ prefix, shards: options.shards ?? 8 });
  return createEventPipeline({
    spool: { file: dir.file('spool.db'), maxBytes: 256 * 1024 * 1024, accountShare: 1 },
    amqp: { url: url ?? SHARED_AMQP_URL, prefix, ...amqpOptions },
    sink,
    log: silentLog,
    ...(consume === undefined ? {} : { consume }),
  });
}

test('the channels opened stay constant across 100,000 publishes, and each confirmed batch is consumed once', {
  skip,
  timeout: 120_000,
}, async (t) => {
  const prefix = uniquePrefix();
  const connectionName = `${prefix}-conn`;
  const sink = new RecordingSink();
  // A generous confirm timeout: on two shared cores a slow confirm is not what this test is about.
  // One post per message, so 100,000 accepts are 100,000 publishes.
  const pipeline = await brokerPipeline(sink, {
    prefix,
    connectionName,
    confirmTimeoutMs: 30_000,
    postsPerMessage: 1,
  });
  const warmup = await offerLoad(pipeline, () => makeBatch(`account-${Math.random()}`), 1000, 64);
  assert.equal(warmup.broker.size, 1000, 'the warm-up went to the broker');
  const openedAfterWarmup = pipeline.status().channelsOpened;
  // One topology and two confirm channels on the publishing connection, one consuming channel.
  assert.equal(openedAfterWarmup, 4);
  const atStart = await brokerChannels(connectionName);
  assert.deepEqual(
    atStart,
    new Map([
      [`${connectionName}-publish`, 3],
      [`${connectionName}-consume`, 1],
    ]),
  );

  let midRun: Map<string, number> | undefined;
  const midCheck = new Promise<void>((resolve) =>
    setTimeout(async () => {
      midRun = await brokerChannels(connectionName).catch(() => undefined);
      resolve();
    }, 3000),
  );
  const started = Date.now();
  const result = await offerLoad(pipeline, (i) => makeBatch(`account-${i % 97}`), 100_000, 256);
  const publishMs = Date.now() - started;
  await midCheck;
  assert.equal(result.failed.size, 0);
  assert.equal(pipeline.status().channelsOpened, openedAfterWarmup, 'no channel opened under load');
  assert.deepEqual(midRun, atStart, "the broker's view during the load");
  assert.deepEqual(await brokerChannels(connectionName), atStart, "the broker's view after the load");
  assert.ok(result.broker.size > 90_000, `${result.broker.size} of 100,000 confirmed by the broker`);
  assert.ok((pipeline.status().publishes?.confirmed ?? 0) > 90_000, 'each one its own publish');

  assert.equal(await pipeline.drained(60_000), true);
  t.diagnostic(
    `accepted 100,000 in ${publishMs} ms (${result.broker.size} broker, ${result.spool.size} spool), ` +
      `all applied after ${Date.now() - started} ms`,
  );
  const accepted = [...warmup.broker, ...result.broker, ...result.spool];
  assert.equal(accepted.filter((id) => !sink.applied.has(id)).length, 0, 'every accepted batch was applied');
  assert.equal(sink.applied.size, 101_000);
  assert.equal(sink.duplicates, 0, 'each batch was delivered once');
  await pipeline.close();
});

test('a full shard nacks into the spool, and nothing is lost once a consumer empties it', {
  skip,
  timeout: 60_000,
}, async () => {
  const prefix = uniquePrefix();
  const options = { prefix, shards: 1, queueMaxBytes: 20_000, confirmTimeoutMs: 10_000 };
  const unused = new RecordingSink();
  const producer = await brokerPipeline(unused, { ...options, consume: false });
  const batches = Array.from({ length: 200 }, () => makeBatch('hot', 1, 200));
  const outcomes = [];
  for (const batch of batches) outcomes.push(await producer.accept(encodeBatch(batch)));
  const toBroker = outcomes.filter((o) => o === 'broker').length;
  const toSpool = outcomes.filter((o) => o === 'spool').length;
  assert.ok(toBroker > 0 && toBroker < 200, `${toBroker} fit in the shard`);
  assert.equal(toBroker + toSpool, 200);
  assert.ok(toSpool > 100, `${toSpool} were nacked and spooled`);
  assert.ok((producer.status().publishes?.nacked ?? 0) >= toSpool, 'the nacks are counted');
  // The relay keeps trying, but the shard is still full.
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.ok(producer.status().spool.batches > 0);
  assert.equal(unused.calls, 0, 'a node with consume: false runs no consumer');

  const sink = new RecordingSink();
  const consumer = await brokerPipeline(sink, { ...options });
  assert.equal(await producer.drained(30_000), true, 'the relay emptied the spool into the shard');
  assert.equal(await consumer.drained(30_000), true);
  assert.deepEqual(new Set(sink.applied.keys()), new Set(batches.map((b) => b.payloadId)));
  assert.equal(sink.duplicates, 0);
  await producer.close();
  await consumer.close();
});

test('a consumer the broker cancels (its queue deleted) consumes again once the queue is back', {
  skip,
  timeout: 30_000,
}, async () => {
  const prefix = uniquePrefix();
  const sink = new RecordingSink();
  const pipeline = await brokerPipeline(sink, { prefix, shards: 1 });
  assert.equal(await pipeline.accept(encodeBatch(makeBatch())), 'broker');
  assert.equal(await pipeline.drained(10_000), true);
  const admin = await amqp.connect(SHARED_AMQP_URL);
  const channel = await admin.createChannel();
  await channel.deleteQueue(`${prefix}.shard.0`);
  await admin.close();
  // The publisher's next confirm is a return (unroutable): the batch goes to the spool.
  const during = await pipeline.accept(encodeBatch(makeBatch()));
  assert.equal(during, 'spool');
  // The consumer re-declares the queue and subscribes again; the relay re-publishes.
  const later = Array.from({ length: 20 }, () => makeBatch());
  for (const batch of later) await pipeline.accept(encodeBatch(batch));
  assert.equal(await pipeline.drained(15_000), true);
  assert.equal(sink.applied.size, 22);
  assert.equal(pipeline.status().channelsOpened, 4, 'the consumer was re-subscribed on its channel');
  await pipeline.close();
});

test('a failing sink leaves deliveries unacknowledged and retries them with backoff, then applies each once', {
  skip,
  timeout: 30_000,
}, async () => {
  const sink = new RecordingSink();
  sink.failWith = new Error('database is down');
  const pipeline = await brokerPipeline(sink, { prefix: uniquePrefix(), shards: 2 });
  const batches = Array.from({ length: 100 }, (_, i) => makeBatch(`account-${i % 4}`));
  for (const batch of batches) assert.equal(await pipeline.accept(encodeBatch(batch)), 'broker');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.ok(sink.calls >= 2 && sink.calls <= 20, `${sink.calls} apply attempts in 1.5 s`);
  assert.equal(sink.applied.size, 0);
  assert.equal(await pipeline.drained(200), false, 'the deliveries are still unacknowledged');
  sink.failWith = undefined;
  assert.equal(await pipeline.drained(15_000), true);
  assert.deepEqual(new Set(sink.applied.keys()), new Set(batches.map((b) => b.payloadId)));
  assert.equal(sink.duplicates, 0);
  await pipeline.close();
});

test('posts accepted in the same turn share one message per shard, and each is applied once', {
  skip,
  timeout: 30_000,
}, async () => {
  const sink = new RecordingSink();
  const pipeline = await brokerPipeline(sink, { prefix: uniquePrefix(), shards: 2, postsPerMessage: 50 });
  const batches = Array.from({ length: 400 }, (_, i) => makeBatch(`account-${i % 7}`));
  const outcomes = await Promise.all(batches.map((b) => pipeline.accept(encodeBatch(b))));
  assert.ok(outcomes.every((o) => o === 'broker'));
  const published = pipeline.status().publishes?.confirmed ?? 0;
  // Two shards and at most 50 posts a message: at least 8 messages, far fewer than 400.
  assert.ok(published >= 8 && published <= 40, `${published} messages for 400 posts`);
  // The same payload ID again, alone in its message: a redelivery the consumer must skip.
  const again = batches[3];
  assert.ok(again);
  assert.equal(await pipeline.accept(encodeBatch(again)), 'broker');
  assert.equal(await pipeline.drained(15_000), true);
  assert.equal(sink.applied.size, 400);
  assert.deepEqual(new Set(sink.applied.keys()), new Set(batches.map((b) => b.payloadId)));
  assert.equal(sink.duplicates, 1);
  await pipeline.close();
});

test('consumers on their own thread apply every accepted batch, also after the thread died mid-stream', {
  skip,
  timeout: 60_000,
}, async () => {
  const dir = tempDir();
  dirs.push(dir);
  const prefix = uniquePrefix();
  topologies.push({ prefix, shards: 2 });
  const applied = dir.file('applied.txt');
  const pipeline = await createEventPipeline({
    spool: { file: dir.file('spool.db'), maxBytes: 64 * 1024 * 1024, accountShare: 1 },
    amqp: { url: SHARED_AMQP_URL, prefix, shards: 2 },
    sink: new RecordingSink(),
    log: silentLog,
    consumerThread: {
      sinkModule: new URL('./support/file-sink.ts', import.meta.url).href,
      sinkConfig: { file: applied, crashOnce: dir.file('crashed') },
    },
  });
  const batches = Array.from({ length: 300 }, (_, i) => makeBatch(`account-${i % 5}`));
  const outcomes = await Promise.all(batches.map((b) => pipeline.accept(encodeBatch(b))));
  assert.ok(outcomes.every((o) => o === 'broker'));
  assert.equal(await pipeline.drained(30_000), true, 'drained through the restarted thread');
  assert.ok(existsSync(dir.file('crashed')), 'the first thread died on its first apply');
  const ids = new Set(readFileSync(applied, 'utf8').split('\n').filter(Boolean));
  assert.deepEqual(ids, new Set(batches.map((b) => b.payloadId)), 'every accepted batch reached the sink');
  // One topology and two confirm channels publishing, and the thread's consuming channel.
  assert.equal(pipeline.status().channelsOpened, 4);
  await pipeline.close();
});

test('quorum shard queues carry batches the same way', { skip, timeout: 30_000 }, async () => {
  const sink = new RecordingSink();
  const pipeline = await brokerPipeline(sink, { prefix: uniquePrefix(), shards: 2, queueType: 'quorum' });
  const batches = Array.from({ length: 200 }, (_, i) => makeBatch(`account-${i % 9}`));
  const outcomes = await Promise.all(batches.map((b) => pipeline.accept(encodeBatch(b))));
  assert.ok(outcomes.every((o) => o === 'broker'));
  assert.equal(await pipeline.drained(15_000), true);
  assert.equal(sink.applied.size, 200);
  await pipeline.close();
});

test('a silent network sends batches to the spool after the confirm timeout, and the relay catches up after it heals', {
  skip,
  timeout: 60_000,
}, async () => {
  const proxy = await startBlackholeProxy(5672);
  const sink = new RecordingSink();
  const pipeline = await brokerPipeline(sink, {
    prefix: uniquePrefix(),
    shards: 2,
    url: `amqp://guest:guest@127.0.0.1:${proxy.port}`,
    confirmTimeoutMs: 800,
    heartbeatSeconds: 1,
  });
  try {
    const before = Array.from({ length: 20 }, () => makeBatch());
    for (const batch of before) assert.equal(await pipeline.accept(encodeBatch(batch)), 'broker');
    proxy.blackhole();
    const started = Date.now();
    assert.equal(
      await pipeline.accept(encodeBatch(makeBatch())),
      'spool',
      'the unanswered publish timed out into the spool',
    );
    const waited = Date.now() - started;
    assert.ok(waited >= 700, `waited ${waited} ms for a confirm timeout of 800 ms`);
    // The publisher does not feed a silent broker more: the next accepts spool, and none of them
    // is a publish that waited out a confirm timeout of its own.
    const afterTimeout = pipeline.status().publishes;
    const during = Array.from({ length: 20 }, () => makeBatch());
    for (const batch of during) assert.equal(await pipeline.accept(encodeBatch(batch)), 'spool');
    const afterSilence = pipeline.status().publishes;
    assert.equal(afterSilence?.timedOut, afterTimeout?.timedOut, 'no publish to the silent broker timed out');
    proxy.heal();
    assert.equal(await pipeline.drained(30_000), true);
    assert.equal(pipeline.status().broker, 'connected');
    assert.equal(sink.applied.size, 41, 'everything accepted was applied once');
  } finally {
    await pipeline.close();
    await proxy.close();
  }
});
