/**
 * Broker faults on a private RabbitMQ node that this file boots (twice: at the start
 * and after a SIGKILL), so the machine's shared broker is never killed or alarmed.
 * The checker follows ../shared/reference/event-pipeline.md §5.3: every batch whose
 * accept resolved must be applied (lost = ∅), nothing else may appear, and the sink's
 * payload-ID dedupe absorbs the duplicates that faults cause.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createEventPipeline, type EventPipeline } from '../src/index.js';
import { type LoadResult, offerLoad, uniquePrefix } from './support/broker.js';
import { makeBatch, RecordingSink, silentLog, type TempDir, tempDir } from './support/fixtures.js';
import {
  type PrivateRabbit,
  privateRabbitUnavailable,
  startPrivateRabbit,
} from './support/private-rabbit.js';
import { waitFor } from './support/wait-for.js';

const unavailable = privateRabbitUnavailable();
if (unavailable !== undefined && process.env.CI)
  throw new Error(`a private RabbitMQ node is required under CI: ${unavailable}`);
const skip = unavailable ?? false;

let rabbit: PrivateRabbit | undefined;
const dirs: TempDir[] = [];
before(async () => {
  if (unavailable === undefined) rabbit = await startPrivateRabbit();
});
after(async () => {
  await rabbit?.remove();
  for (const dir of dirs) dir.remove();
});

function node(): PrivateRabbit {
  if (rabbit === undefined) throw new Error('no private RabbitMQ node');
  return rabbit;
}

async function runningNode(): Promise<PrivateRabbit> {
  const rabbit = node();
  if (!rabbit.running) await rabbit.start();
  return rabbit;
}

function pipelineOn(sink: RecordingSink, confirmTimeoutMs = 2000): Promise<EventPipeline> {
  const dir = tempDir();
  dirs.push(dir);
  return createEventPipeline({
    spool: { file: dir.file('spool.db'), maxBytes: 256 * 1024 * 1024, accountShare: 1 },
    amqp: { url: node().url, prefix: uniquePrefix(), confirmTimeoutMs, heartbeatSeconds: 5 },
    sink,
    log: silentLog,
  });
}

function newLoad(): LoadResult {
  return { broker: new Set(), spool: new Set(), failed: new Set(), maxLatencyMs: 0 };
}

function assertNothingLost(sink: RecordingSink, ...loads: LoadResult[]): void {
  const accepted = loads.flatMap((l) => [...l.broker, ...l.spool]);
  const lost = accepted.filter((id) => !sink.applied.has(id));
  assert.deepEqual(lost.slice(0, 10), [], `${lost.length} accepted batches were lost`);
  const offered = new Set(loads.flatMap((l) => [...l.broker, ...l.spool, ...l.failed]));
  assert.ok(
    [...sink.applied.keys()].every((id) => offered.has(id)),
    'nothing unexpected was applied',
  );
}

test('a pipeline started before its broker spools, then relays everything once the broker is up', {
  skip,
  timeout: 90_000,
}, async () => {
  const sink = new RecordingSink();
  const pipeline = await pipelineOn(sink);
  assert.equal(pipeline.status().broker, 'down');
  const load = await offerLoad(pipeline, (i) => makeBatch(`account-${i % 5}`), 300, 16);
  assert.equal(load.spool.size, 300, 'all went to the spool while there was no broker');
  await node().start();
  assert.equal(await pipeline.drained(30_000), true);
  assert.equal(pipeline.status().broker, 'connected');
  assertNothingLost(sink, load);
  await pipeline.close();
});

test('the broker SIGKILLed and restarted under load loses no accepted batch', {
  skip,
  timeout: 90_000,
}, async (t) => {
  await runningNode();
  const sink = new RecordingSink();
  const pipeline = await pipelineOn(sink);
  assert.equal(pipeline.status().broker, 'connected');
  const opened = pipeline.status().channelsOpened;
  const load = newLoad();
  const running = offerLoad(pipeline, (i) => makeBatch(`account-${i % 13}`), 40_000, 128, load);
  await waitFor(() => load.broker.size >= 3000, { what: '3000 confirmed batches' });
  await node().kill();
  const atKill = load.broker.size;
  await waitFor(() => pipeline.status().broker === 'down', { what: 'the pipeline to see the broker gone' });
  const spooledWhileDown = load.spool.size;
  await node().start();
  await running;
  assert.equal(await pipeline.drained(60_000), true);
  t.diagnostic(
    `${atKill} confirmed before the kill; ${load.broker.size} broker, ${load.spool.size} spool, ` +
      `${load.failed.size} failed; ${sink.duplicates} duplicate deliveries removed by the sink`,
  );
  assert.equal(load.failed.size, 0);
  assert.ok(spooledWhileDown > 0 || load.spool.size > 0, 'the kill sent batches to the spool');
  assertNothingLost(sink, load);
  // Each connection reconnected once: its channels were opened again, once.
  assert.equal(pipeline.status().channelsOpened, 2 * opened);
  await pipeline.close();
});

test('under a memory alarm accept keeps resolving promptly from the spool, and all drains after', {
  skip,
  timeout: 90_000,
}, async (t) => {
  await runningNode();
  const sink = new RecordingSink();
  const confirmTimeoutMs = 5000;
  const pipeline = await pipelineOn(sink, confirmTimeoutMs);
  assert.equal(pipeline.status().broker, 'connected');
  let stop = false;
  const beforeAlarm = newLoad();
  const running = offerLoad(
    pipeline,
    (i) => makeBatch(`account-${i % 7}`),
    1_000_000,
    32,
    beforeAlarm,
    () => stop,
  );
  await waitFor(() => beforeAlarm.broker.size >= 500, { what: 'confirmed batches before the alarm' });
  const alarmAt = Date.now();
  await node().ctl('set_vm_memory_high_watermark', 'absolute', '1');
  await waitFor(() => pipeline.status().broker === 'blocked', { what: 'the connection to be blocked' });
  const blockedAfterMs = Date.now() - alarmAt;
  stop = true;
  await running;

  const whileBlocked = await offerLoad(pipeline, (i) => makeBatch(`account-${i % 7}`), 2000, 32);
  assert.equal(whileBlocked.spool.size, 2000, 'every batch went to the spool while blocked');
  // An accept that waited on the blocked broker would take the whole confirm timeout before
  // spooling; each resolving sooner shows none waited, however slow the machine is otherwise.
  assert.ok(
    whileBlocked.maxLatencyMs < confirmTimeoutMs,
    `slowest accept while blocked: ${whileBlocked.maxLatencyMs} ms, confirm timeout ${confirmTimeoutMs} ms`,
  );
  assert.equal(pipeline.status().broker, 'blocked');

  await node().ctl('set_vm_memory_high_watermark', '0.4');
  await waitFor(() => pipeline.status().broker === 'connected', { what: 'the connection to be unblocked' });
  const afterAlarm = await offerLoad(pipeline, (i) => makeBatch(`account-${i % 7}`), 1000, 32);
  assert.equal(await pipeline.drained(60_000), true);
  t.diagnostic(
    `blocked ${blockedAfterMs} ms after the alarm; slowest accept before it ${Math.round(beforeAlarm.maxLatencyMs)} ms, ` +
      `while blocked ${Math.round(whileBlocked.maxLatencyMs)} ms; ${sink.duplicates} duplicates removed`,
  );
  assert.ok(beforeAlarm.maxLatencyMs < confirmTimeoutMs + 1000, 'no accept waited past the confirm timeout');
  assertNothingLost(sink, beforeAlarm, whileBlocked, afterAlarm);
  assert.equal(pipeline.status().spool.batches, 0);
  await pipeline.close();
});
