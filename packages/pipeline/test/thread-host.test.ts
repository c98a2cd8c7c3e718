/**
 * ThreadHost and serveThread on a real worker thread: replies and error replies, log
 * forwarding, a thread that crashes mid-call failing exactly its own waiting callers and
 * coming back (after a wait that grows while it keeps dying), and close waiting for calls in flight up to its deadline.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ThreadHost, ThreadStoppedError } from '../src/threads/thread-host.js';
import { waitUntil } from '../src/wait-until.js';
import type { TestCall } from './support/test-thread.js';

const ENTRY = new URL('./support/test-thread.ts', import.meta.url);
const GENEROUS_MS = 20_000;

interface Logged {
  readonly level: string;
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

function host(label: string, logged: Logged[] = []) {
  const at = (level: string) => (fields: Record<string, unknown>, message: string) =>
    logged.push({ level, fields, message });
  const thread = new ThreadHost<TestCall, string>({
    name: `the ${label} thread`,
    entry: ENTRY,
    workerData: { label },
    log: { info: at('info'), warn: at('warn'), error: at('error') },
    respawnMs: 50,
  });
  thread.start();
  return thread;
}

test('a call gets its reply; a handler that throws rejects it with its message and code', async () => {
  const thread = host('plain');
  assert.equal(await thread.call({ op: 'echo', value: 'hi' }), 'plain:hi');
  await assert.rejects(thread.call({ op: 'fail' }), (err: Error & { code?: string }) => {
    assert.equal(err.message, 'the handler failed');
    assert.equal(err.code, 'E_TEST');
    assert.ok(!(err instanceof ThreadStoppedError));
    return true;
  });
  assert.equal(await thread.call({ op: 'echo', value: 'after' }), 'plain:after', 'the thread lives on');
  await thread.close(GENEROUS_MS);
});

test("the thread's log records reach the host's logger", async () => {
  const logged: Logged[] = [];
  const thread = host('logging', logged);
  await thread.call({ op: 'log', message: 'from the thread' });
  assert.deepEqual(logged, [{ level: 'warn', fields: { label: 'logging' }, message: 'from the thread' }]);
  await thread.close(GENEROUS_MS);
});

test('a thread that crashes mid-call fails exactly its waiting callers, is started again, and the next call works', async () => {
  const logged: Logged[] = [];
  const crashing = host('crashing', logged);
  const bystander = host('bystander');
  assert.equal(await crashing.call({ op: 'echo', value: 'before' }), 'crashing:before');

  const held = crashing.call({ op: 'hold', ms: 60_000, value: 'never' });
  const elsewhere = bystander.call({ op: 'hold', ms: 200, value: 'answered' });
  const crash = crashing.call({ op: 'crash' });
  assert.equal(crashing.pending, 2);
  for (const waiting of [held, crash])
    await assert.rejects(waiting, (err: Error) => {
      assert.ok(err instanceof ThreadStoppedError);
      assert.equal(err.thread, 'the crashing thread');
      assert.equal(err.message, 'the crashing thread stopped');
      return true;
    });
  assert.equal(crashing.pending, 0);
  assert.equal(await elsewhere, 'answered', "another thread's caller is not failed");
  assert.ok(logged.some((entry) => entry.message === 'the crashing thread stopped; starting it again'));

  assert.ok(await waitUntil(() => crashing.up, GENEROUS_MS), 'started again');
  assert.equal(await crashing.call({ op: 'echo', value: 'after' }), 'crashing:after');
  await Promise.all([crashing.close(GENEROUS_MS), bystander.close(GENEROUS_MS)]);
});

test('a thread that keeps dying is started again after a growing wait, up to a cap, and a healthy run resets it', async () => {
  const delays: unknown[] = [];
  const log = (fields: Record<string, unknown>) => void delays.push(fields.delayMs);
  const thread = new ThreadHost<TestCall, string>({
    name: 'the flapping thread',
    entry: ENTRY,
    workerData: { label: 'flapping' },
    log: { info: () => {}, warn: () => {}, error: log },
    respawnMs: 50,
    respawnMaxMs: 200,
    healthyMs: 5000,
  });
  thread.start();
  const crashOnce = async () => {
    assert.ok(await waitUntil(() => thread.up, GENEROUS_MS), 'started again');
    await assert.rejects(thread.call({ op: 'crash' }), ThreadStoppedError);
  };
  for (let i = 0; i < 4; i++) await crashOnce();
  assert.deepEqual(
    delays.filter((delay) => delay !== undefined),
    [50, 100, 200, 200],
  );

  assert.ok(await waitUntil(() => thread.up, GENEROUS_MS), 'started again');
  await new Promise((resolve) => setTimeout(resolve, 5000));
  await crashOnce();
  assert.deepEqual(
    delays.filter((delay) => delay !== undefined),
    [50, 100, 200, 200, 50],
  );
  assert.ok(await waitUntil(() => thread.up, GENEROUS_MS), 'started again');
  await thread.close(GENEROUS_MS);
});

test('a call while no thread runs is refused with an error naming the thread', async () => {
  const thread = new ThreadHost<TestCall, string>({ name: 'the idle thread', entry: ENTRY });
  await assert.rejects(thread.call({ op: 'echo', value: 'x' }), /the idle thread stopped/);
  await thread.close(GENEROUS_MS);
});

test('close waits for the calls in flight before it terminates the thread', async () => {
  const thread = host('closing');
  const inFlight = thread.call({ op: 'hold', ms: 300, value: 'finished' });
  await thread.close(GENEROUS_MS);
  assert.equal(await inFlight, 'finished');
  assert.equal(thread.up, false);
  await assert.rejects(thread.call({ op: 'echo', value: 'late' }), ThreadStoppedError);
});

test('close terminates a thread whose call overruns the deadline, failing that call, and does not restart it', async () => {
  const logged: Logged[] = [];
  const thread = host('overrunning', logged);
  const overrun = thread.call({ op: 'hold', ms: 120_000, value: 'never' });
  await thread.close(200);
  await assert.rejects(overrun, /the overrunning thread stopped/);
  assert.equal(thread.up, false);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(thread.up, false, 'not started again');
  assert.deepEqual(logged, [], 'a close is not a crash');
});
