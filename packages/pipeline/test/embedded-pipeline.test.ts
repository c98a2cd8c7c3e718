import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import {
  createEventPipeline,
  type EventPipeline,
  encodeBatch,
  foldBatch,
  PipelineClosedError,
  ShedError,
} from '../src/index.js';
import { crashChild } from './support/crash-child.js';
import { makeBatch, RecordingSink, silentLog, type TempDir, tempDir } from './support/fixtures.js';
import { waitFor } from './support/wait-for.js';

const dirs: TempDir[] = [];
after(() => {
  for (const dir of dirs) dir.remove();
});

function spoolFile(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir.file('spool.db');
}

function embedded(file: string, sink: RecordingSink, maxBytes = 64 * 1024 * 1024): Promise<EventPipeline> {
  return createEventPipeline({ spool: { file, maxBytes, accountShare: 0.5 }, sink, log: silentLog });
}

test('accepted batches reach the sink exactly once, oldest first', async () => {
  const sink = new RecordingSink();
  const pipeline = await embedded(spoolFile(), sink);
  const batches = Array.from({ length: 1000 }, (_, i) => makeBatch(`account-${i % 7}`, 2));
  const outcomes = await Promise.all(batches.map((b) => pipeline.accept(encodeBatch(b))));
  assert.ok(outcomes.every((o) => o === 'spool'));
  assert.equal(await pipeline.drained(10_000), true);
  assert.equal(sink.applied.size, 1000);
  assert.equal(sink.deliveries, 1000, 'no batch was delivered twice');
  assert.deepEqual(
    sink.order,
    batches.map((b) => b.payloadId),
    'applied in the order they were accepted',
  );
  const tenth = batches[10];
  assert.ok(tenth);
  assert.deepEqual(sink.applied.get(tenth.payloadId), foldBatch(tenth), 'the folded post arrives whole');
  assert.ok(sink.calls < 1000, `micro-batched: ${sink.calls} apply calls for 1000 batches`);
  assert.deepEqual(pipeline.status(), {
    broker: 'none',
    consumer: 'in-process',
    spool: { batches: 0, bytes: 0 },
    inflight: 0,
    channelsOpened: 0,
  });
  await pipeline.close();
});

test('a row leaves the spool only after apply resolved', async () => {
  const sink = new RecordingSink();
  let release: () => void = () => {};
  sink.gate = new Promise((resolve) => (release = resolve));
  const pipeline = await embedded(spoolFile(), sink);
  await Promise.all(Array.from({ length: 20 }, () => pipeline.accept(encodeBatch(makeBatch()))));
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.ok(sink.calls >= 1, 'the consumer is applying');
  assert.equal(pipeline.status().spool.batches, 20, 'nothing deleted while apply is pending');
  assert.equal(await pipeline.drained(50), false);
  release();
  assert.equal(await pipeline.drained(5000), true);
  assert.equal(sink.applied.size, 20);
  await pipeline.close();
});

test('a failing sink loses nothing and is retried with backoff, not in a tight loop', async () => {
  const sink = new RecordingSink();
  sink.failWith = new Error('database is down');
  const pipeline = await embedded(spoolFile(), sink);
  const batches = Array.from({ length: 50 }, () => makeBatch());
  await Promise.all(batches.map((b) => pipeline.accept(encodeBatch(b))));
  await new Promise((resolve) => setTimeout(resolve, 1200));
  assert.ok(sink.calls >= 2 && sink.calls <= 12, `${sink.calls} attempts in 1.2 s`);
  assert.equal(pipeline.status().spool.batches, 50);
  const waited = pipeline.status().spool.oldestAgeMs ?? 0;
  assert.ok(waited >= 1000, `the oldest spooled batch waited ${waited} ms`);
  sink.failWith = undefined;
  assert.equal(await pipeline.drained(10_000), true);
  assert.equal(sink.applied.size, 50);
  assert.equal(sink.duplicates, 0);
  await pipeline.close();
});

test('batches spooled before a close are applied after the spool file is reopened', async () => {
  const file = spoolFile();
  const first = new RecordingSink();
  first.failWith = new Error('database is down');
  const before = await embedded(file, first);
  const batches = Array.from({ length: 100 }, (_, i) => makeBatch(`a-${i % 3}`));
  await Promise.all(batches.map((b) => before.accept(encodeBatch(b))));
  await before.close();
  await assert.rejects(before.accept(encodeBatch(makeBatch())), PipelineClosedError);

  const second = new RecordingSink();
  const after = await embedded(file, second);
  assert.equal(after.status().spool.batches, 100);
  assert.equal(await after.drained(10_000), true);
  assert.deepEqual(
    second.order,
    batches.map((b) => b.payloadId),
  );
  assert.equal(first.applied.size, 0);
  await after.close();
});

test('after a SIGKILL every accepted batch is applied by the next process on the same file', async () => {
  const file = spoolFile();
  const { args, env } = crashChild(file, { batches: 4000, stallAfter: 300 });
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const accepted = new Set<string>();
  const appliedBefore = new Set<string>();
  const lines = createInterface({ input: child.stdout });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  lines.on('line', (line) => {
    const [what, id] = line.split(' ');
    if (id !== undefined) (what === 'accepted' ? accepted : appliedBefore).add(id);
  });
  // Kill it mid-stream: part of what it accepted applied, the rest a backlog in the spool.
  await waitFor(() => accepted.size >= 1500 && appliedBefore.size > 0, {
    timeoutMs: 60_000,
    what: 'the child to accept 1500 batches and apply some',
  });
  child.kill('SIGKILL');
  await exited;
  lines.close();
  const childPid = child.pid;

  const sink = new RecordingSink();
  const next = await embedded(file, sink);
  assert.equal(await next.drained(20_000), true);
  const appliedAfter = new Set(sink.applied.keys());
  const lost = [...accepted].filter((id) => !appliedBefore.has(id) && !appliedAfter.has(id));
  assert.deepEqual(lost, [], 'no accepted batch is lost');
  const offered = new RegExp(`^p-${childPid}-(\\d+)$`);
  assert.ok(
    [...appliedAfter].every((id) => offered.test(id)),
    'nothing unexpected was applied',
  );
  const replayed = [...appliedAfter].filter((id) => appliedBefore.has(id));
  // At most the micro-batch that was applied but not yet deleted when the process died.
  assert.ok(replayed.length <= 256, `${replayed.length} batches delivered again after the crash`);
  assert.ok(appliedBefore.size > 0 && appliedAfter.size > 0, 'the crash hit a backlog');
  await next.close();
});

test('a full spool makes accept reject with a ShedError', async () => {
  const sink = new RecordingSink();
  sink.failWith = new Error('database is down');
  const pipeline = await embedded(spoolFile(), sink, 3000);
  const outcomes = await Promise.allSettled(
    Array.from({ length: 30 }, () => pipeline.accept(encodeBatch(makeBatch('acme', 1, 200)))),
  );
  const shed = outcomes.filter((o) => o.status === 'rejected');
  assert.ok(shed.length > 0);
  assert.ok(shed.every((o) => o.status === 'rejected' && o.reason instanceof ShedError));
  await pipeline.close();
});

test('on the insights thread, every accepted batch is applied once and in order, also after the thread died', {
  timeout: 30_000,
}, async () => {
  const dir = tempDir();
  dirs.push(dir);
  const applied = dir.file('applied.txt');
  const pipeline = await createEventPipeline({
    spool: { file: dir.file('spool.db'), maxBytes: 64 * 1024 * 1024, accountShare: 1 },
    sink: new RecordingSink(),
    log: silentLog,
    consumerThread: {
      sinkModule: new URL('./support/file-sink.ts', import.meta.url).href,
      sinkConfig: { file: applied, crashOnce: dir.file('crashed') },
    },
  });
  assert.equal(pipeline.status().consumer, 'thread');
  const batches = Array.from({ length: 500 }, (_, i) => makeBatch(`account-${i % 5}`));
  const outcomes = await Promise.all(batches.map((b) => pipeline.accept(encodeBatch(b))));
  assert.ok(outcomes.every((o) => o === 'spool'));
  assert.equal(await pipeline.drained(20_000), true, 'drained through the restarted thread');
  assert.ok(existsSync(dir.file('crashed')), 'the first thread died on its first apply');
  // The round the dead thread held stayed in the spool and went to the next thread.
  assert.deepEqual(
    readFileSync(applied, 'utf8').split('\n').filter(Boolean),
    batches.map((b) => b.payloadId),
  );
  assert.deepEqual(pipeline.status().spool, { batches: 0, bytes: 0 });
  await pipeline.close();
});
