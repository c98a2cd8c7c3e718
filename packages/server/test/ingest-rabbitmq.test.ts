import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pino from 'pino';
import {
  deleteTopology,
  reachable,
  SHARED_AMQP_URL,
  uniquePrefix,
} from '../../pipeline/test/support/broker.js';
import { loadConfig } from '../src/config.js';
import { type RunningServer, startServer } from '../src/main.js';
import { createTenant, customEvents, postEvents, waitFor } from './support/events.js';
import { ADMIN_TOKEN, call, type TestServer } from './support/test-server.js';

const available = await reachable(5672);
if (!available && process.env.CI) throw new Error('RabbitMQ is required under CI but is not reachable');
const skip = available ? false : 'RabbitMQ is not reachable at 127.0.0.1:5672';

const prefix = uniquePrefix();
const SHARDS = 2;
let dataDir: string;
let server: RunningServer;
let s: TestServer;

before(async () => {
  if (!available) return;
  dataDir = await mkdtemp(join(tmpdir(), 'switchyard-amqp-'));
  const config = loadConfig({
    env: {
      SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN,
      AMQP_URL: SHARED_AMQP_URL,
      SWITCHYARD_AMQP_PREFIX: prefix,
      SWITCHYARD_AMQP_SHARDS: String(SHARDS),
    },
    flags: { port: '0', 'data-dir': dataDir },
  });
  server = await startServer(config, { logger: pino({ level: 'silent' }) });
  const url = server.url.replace('[::1]', '127.0.0.1');
  s = {
    url,
    databaseUrl: undefined,
    store: { kind: 'sqlite', file: join(dataDir, 'switchyard.db') },
    server,
    api: (method, path, body, token = ADMIN_TOKEN) => call(url, method, path, body, token),
    restart: () => Promise.reject(new Error('not used')),
    close: () => server.close(),
  };
});

after(async () => {
  if (!available) return;
  await server?.close();
  await deleteTopology(SHARED_AMQP_URL, prefix, SHARDS).catch(() => {});
  await rm(dataDir, { recursive: true, force: true });
});

test('with AMQP_URL a batch is acknowledged after the broker confirmed it, and consumers fold it', {
  skip,
}, async () => {
  const t = await createTenant(s, 'brokered');
  const reply = await postEvents(s.url, '/bulk', customEvents(4, 'via-broker'), { auth: t.sdkKey });
  assert.equal(reply.status, 202);
  assert.equal(reply.headers.get('x-switchyard-events'), 'accepted; durable=broker');
  const scope = { projectKey: t.project, environmentKey: 'production' };
  await waitFor(async () => {
    const rows = await server.insights.customEventTotals(scope, {
      from: Date.now() - 3_600_000,
      to: Date.now() + 3_600_000,
    });
    return rows.find((row) => row.eventKey === 'via-broker' && row.count === 3);
  }, 'the events through RabbitMQ');
  // Folded into insights by the consumers' own thread, through its own connection to the store.
  const metrics = await fetch(`${s.url}/metrics`).then((r) => r.text());
  assert.match(metrics, /^switchyard_events_consumer_thread 1$/m);
  assert.match(metrics, /^switchyard_events_broker_publishes_total\{outcome="confirmed"\} [1-9]/m);
  assert.match(metrics, /^switchyard_ingest_durable_seconds_count\{durability="broker"\} [1-9]/m);
});

test('with RabbitMQ the node’s heartbeat shows the broker connected, its channels and the consumers’ lag', {
  skip,
}, async () => {
  const node = await waitFor(async () => {
    const [self] = (await s.api('GET', '/api/v1/nodes')).body.items;
    return self?.broker === 'connected' && self.consumerLag === 0 ? self : undefined;
  }, 'the node to report a connected broker with its shard queues drained');
  assert.equal(node.self, true);
  assert.ok(node.publishingChannels >= 1, `channels ${node.publishingChannels}`);
});
