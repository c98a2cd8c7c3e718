/**
 * Shedding, with the ingest plugin over the real embedded pipeline and a real spool
 * file whose consumer is held back (the sink is a port: here it waits until released),
 * so the spool fills up as it would behind a stalled database.
 */
import assert from 'node:assert/strict';
import { hash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Account, Environment } from '@switchyard/control-plane';
import { prepareSnapshot } from '@switchyard/engine';
import { createEventPipeline, type EventPipeline } from '@switchyard/pipeline';
import Fastify, { type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { type EnvironmentData, PREPARE_OPTIONS } from '../src/delivery/environment-snapshots.js';
import { IngestGuard } from '../src/guard/ingest-guard.js';
import { SystemFlags } from '../src/guard/system-flags.js';
import { UsageMeter } from '../src/guard/usage-meter.js';
import { ingestApi } from '../src/http/ingest/ingest-api.js';
import { IngestMetrics } from '../src/http/ingest/ingest-metrics.js';
import { parsePost } from '../src/http/ingest/parse-post.js';
import { customEvents } from './support/events.js';

const silent = { info() {}, warn() {}, error() {} };
let dir: string;
let app: FastifyInstance;
let pipeline: EventPipeline;
let meter: UsageMeter;
let release: () => void = () => {};
const applied: string[] = [];
/** Payload IDs answered 202. */
const acknowledged: string[] = [];

function environment(project: string): EnvironmentData {
  return {
    id: `${project}/production`,
    environment: { projectKey: project, key: 'production', sdkKey: `sdk-${project}` } as Environment,
    flags: {},
    segments: {},
    snapshot: prepareSnapshot({}, PREPARE_OPTIONS),
  };
}
const environments = new Map(['a', 'b'].map((p) => [`sdk-${p}`, environment(p)]));
const account = (key: string): Account => ({ key, name: key, plan: 'standard', limits: {}, createdAt: '' });

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-shed-'));
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  pipeline = await createEventPipeline({
    // Account "a" may hold 60% of 40 kB; "b" fills the rest.
    spool: { file: join(dir, 'spool.db'), maxBytes: 40_000, accountShare: 0.6 },
    sink: {
      apply: async (batches) => {
        await held;
        for (const batch of batches) applied.push(batch.payloadId);
      },
    },
    log: silent,
  });
  meter = new UsageMeter(
    {
      record: async () => {},
      month: async () => new Map(),
      recordSeries: async () => {},
      pruneSeries: async () => {},
    },
    silent,
  );
  const guard = new IngestGuard({
    systemFlags: new SystemFlags({ all: () => [], onChange: () => () => {} }, (s) => hash('sha1', s, 'hex')),
    meter,
    breaker: { observe() {} },
    peers: { of: () => ({ offered: 0, accepted: 0 }) },
    now: Date.now,
    throttleRetrySeconds: 60,
  });
  app = Fastify();
  await app.register(
    ingestApi({
      environmentForSdkKey: (key) => environments.get(key),
      environmentForClientSideId: () => undefined,
      environmentForMobileKey: () => undefined,
      confirmMiss: async () => {},
      accountFor: (project) => account(project),
      guard,
      meter,
      pipeline,
      parse: parsePost,
      metrics: new IngestMetrics(new Registry()),
      limits: { wireLimit: 1024 * 1024, inflatedLimit: 1024 * 1024 },
      cors: () => ({}),
    }),
  );
});

after(async () => {
  release();
  await app?.close();
  await pipeline?.close();
  await rm(dir, { recursive: true, force: true });
});

const BATCH = JSON.stringify(customEvents(40));
let n = 0;
async function post(project: string, payload = BATCH) {
  const payloadId = `p-${++n}`;
  const reply = await app.inject({
    method: 'POST',
    url: '/bulk',
    headers: { authorization: `sdk-${project}`, 'x-launchdarkly-payload-id': payloadId },
    payload,
  });
  if (reply.statusCode === 202) acknowledged.push(payloadId);
  return reply;
}

test('a full share of the spool is 429 for that account only; a full spool is 503 for everyone; both with Retry-After', async () => {
  let reply = await post('a');
  for (let i = 0; reply.statusCode === 202 && i < 100; i++) reply = await post('a');
  assert.equal(reply.statusCode, 429);
  assert.equal(reply.headers['x-switchyard-events'], 'rejected; reason=shed');
  assert.equal(reply.json().code, 'SPOOL_SHARE_FULL');
  assert.ok(Number(reply.headers['retry-after']) >= 1);
  // For a moment the account is refused at the door: this body is not even read.
  const door = await post('a', '{not json');
  assert.equal(door.statusCode, 429);
  assert.equal(door.headers['x-switchyard-events'], 'rejected; reason=shed');

  let other = await post('b');
  assert.equal(other.statusCode, 202, 'the other account still has room');
  for (let i = 0; other.statusCode === 202 && i < 100; i++) other = await post('b');
  assert.equal(other.statusCode, 503);
  assert.equal(other.json().code, 'SPOOL_FULL');
  assert.equal(other.headers['x-switchyard-events'], 'rejected; reason=shed');
  assert.ok(Number(other.headers['retry-after']) >= 1);
  assert.ok(meter.unflushed('a', new Date().toISOString().slice(0, 7)).dropped.shed >= 40);
});

test('once the consumer catches up, both accounts are accepted again and nothing acknowledged was lost', async () => {
  assert.ok(acknowledged.length >= 2);
  release();
  assert.equal(await pipeline.drained(5000), true);
  assert.deepEqual([...applied].sort(), [...acknowledged].sort());
  await new Promise((resolve) => setTimeout(resolve, 1100));
  for (const project of ['a', 'b']) {
    const reply = await post(project);
    assert.equal(reply.statusCode, 202, project);
    assert.equal(reply.headers['x-switchyard-events'], 'accepted; durable=spool');
  }
});
