/**
 * No acknowledged event is lost (DESIGN.md §5.4), shown at the HTTP boundary: every
 * batch that got a 202 is applied to insights exactly once, whatever happened after
 * the 202. The server is a real `switchyard serve` process killed with SIGKILL; the
 * broker faults use a private RabbitMQ node, never the machine's shared one.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import {
  deleteTopology,
  reachable,
  SHARED_AMQP_URL,
  uniquePrefix,
} from '../../pipeline/test/support/broker.js';
import { privateRabbitUnavailable, startPrivateRabbit } from '../../pipeline/test/support/private-rabbit.js';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/main.js';
import { createTenant, postEvents, type Tenant, waitFor } from './support/events.js';
import { ADMIN_TOKEN, call, type TestServer } from './support/test-server.js';

const EVENTS_PER_BATCH = 4;
const serverBin = join(import.meta.dirname, '..', 'bin', 'switchyard.js');

const rabbitUp = await reachable(5672);
if (!rabbitUp && process.env.CI) throw new Error('RabbitMQ is required under CI but is not reachable');
const privateUnavailable = privateRabbitUnavailable();
if (privateUnavailable !== undefined && process.env.CI)
  throw new Error(`a private RabbitMQ node is required under CI: ${privateUnavailable}`);

/** Batch `i`'s events carry the custom key `batch-i`, so insights show which batches were applied. */
function batch(i: number): Record<string, unknown>[] {
  const now = Date.now();
  return Array.from({ length: EVENTS_PER_BATCH }, (_, n) => ({
    kind: 'custom',
    key: `batch-${i}`,
    creationDate: now,
    context: { kind: 'user', key: `user-${i}-${n}` },
  }));
}

type Outcome = 'ok' | 'failed' | 'unknown';

/** Posts batches `from..to` with `concurrency` in flight; records what each got. `onAck` may stop or fault things. */
async function offer(
  url: () => string,
  sdkKey: string,
  count: number,
  concurrency: number,
  outcomes: Map<number, Outcome>,
  onAck: (acked: number) => void = () => {},
): Promise<void> {
  let next = 0;
  let acked = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      try {
        const response = await postEvents(url(), '/bulk', batch(i), {
          auth: sdkKey,
          payloadId: `payload-${i}`,
        });
        outcomes.set(i, response.status === 202 ? 'ok' : 'failed');
        if (response.status === 202) onAck(++acked);
      } catch {
        outcomes.set(i, 'unknown'); // the connection died: indeterminate
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Applied event counts per batch, read from the insights API. */
async function appliedCounts(base: string, project: string): Promise<Map<number, number>> {
  const response = await call(
    base,
    'GET',
    `/api/v1/projects/${project}/environments/production/insights/events?hours=24`,
    undefined,
    ADMIN_TOKEN,
  );
  assert.equal(response.status, 200);
  const counts = new Map<number, number>();
  for (const item of response.body.events as { key: string; count: number }[])
    counts.set(Number(item.key.replace('batch-', '')), item.count);
  return counts;
}

/** Waits until every acknowledged batch is applied, then checks none is lost, doubled or invented. */
async function assertEveryAckApplied(base: string, tenant: Tenant, outcomes: Map<number, Outcome>) {
  const acked = [...outcomes].filter(([, o]) => o === 'ok').map(([i]) => i);
  assert.ok(acked.length > 0, 'some batches were acknowledged');
  const counts = await waitFor(
    async () => {
      const c = await appliedCounts(base, tenant.project);
      return acked.every((i) => c.has(i)) ? c : undefined;
    },
    `all ${acked.length} acknowledged batches applied`,
    60_000,
  );
  for (const [i, count] of counts) {
    assert.equal(count, EVENTS_PER_BATCH, `batch ${i} is applied exactly once`);
    assert.notEqual(outcomes.get(i), undefined, `batch ${i} was offered`);
  }
  const lost = acked.filter((i) => !counts.has(i));
  assert.deepEqual(lost, [], 'no acknowledged batch is lost');
}

interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
}

function spawnServer(dataDir: string, env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [serverBin, 'serve', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/);
      if (match) {
        clearTimeout(timer);
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        resolve({ url: match[1] as string, child });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

function asTestServer(url: string): TestServer {
  return {
    url,
    databaseUrl: undefined,
    store: undefined as never,
    server: undefined as never,
    api: (method, path, body, token = ADMIN_TOKEN) => call(url, method, path, body, token),
    restart: () => Promise.reject(new Error('not used')),
    close: () => Promise.resolve(),
  };
}

async function killAfterAcks(env: Record<string, string>): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchyard-kill9-'));
  let server = await spawnServer(dataDir, env);
  try {
    const tenant = await createTenant(asTestServer(server.url), 'kill9');
    const outcomes = new Map<number, Outcome>();
    const target = server;
    let killed: Promise<void> | undefined;
    // SIGKILL the moment the 150th 202 arrives, with other posts still in flight.
    await offer(
      () => target.url,
      tenant.sdkKey,
      400,
      16,
      outcomes,
      (acked) => {
        if (acked === 150) killed = kill9(target.child);
      },
    );
    await killed;
    assert.ok(
      [...outcomes.values()].some((o) => o !== 'ok'),
      'the kill cut some posts off',
    );
    server = await spawnServer(dataDir, env);
    await assertEveryAckApplied(server.url, tenant, outcomes);
  } finally {
    server.child.kill('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  }
}

test('a server killed with SIGKILL right after its 202s applies every acknowledged batch after restart (embedded)', async () => {
  await killAfterAcks({});
});

test('a server killed with SIGKILL right after its 202s applies every acknowledged batch after restart (RabbitMQ)', {
  skip: rabbitUp ? false : 'RabbitMQ is not reachable at 127.0.0.1:5672',
}, async () => {
  const prefix = uniquePrefix();
  try {
    await killAfterAcks({
      AMQP_URL: SHARED_AMQP_URL,
      SWITCHYARD_AMQP_PREFIX: prefix,
      SWITCHYARD_AMQP_SHARDS: '2',
    });
  } finally {
    await deleteTopology(SHARED_AMQP_URL, prefix, 2).catch(() => {});
  }
});

test('a broker killed and restarted under load, then a memory alarm: no 202 lost, admin writes never wait on it', {
  skip: privateUnavailable ?? false,
  timeout: 240_000,
}, async () => {
  const rabbit = await startPrivateRabbit();
  await rabbit.start();
  const dataDir = await mkdtemp(join(tmpdir(), 'switchyard-broker-faults-'));
  const config = loadConfig({
    env: {
      SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN,
      AMQP_URL: rabbit.url,
      SWITCHYARD_AMQP_PREFIX: 'faults',
      SWITCHYARD_AMQP_SHARDS: '2',
    },
    flags: { port: '0', 'data-dir': dataDir },
  });
  const server = await startServer(config, { logger: pino({ level: process.env.DEBUG_LOG ?? 'silent' }) });
  const base = server.url.replace('[::1]', '127.0.0.1');
  const s = asTestServer(base);
  const status = async () => (await s.api('GET', '/status')).body.events;
  try {
    await waitFor(
      async () => ((await status()).broker === 'connected' ? true : undefined),
      `the broker at ${rabbit.url}`,
      20_000,
    ).catch(async (err) => assert.fail(`${err}: ${JSON.stringify(await status())}`));
    const tenant = await createTenant(s, 'faults');

    // 1. SIGKILL the broker mid-stream; ingest keeps acknowledging from the spool; restart it.
    const outcomes = new Map<number, Outcome>();
    let restarted: Promise<void> | undefined;
    await offer(
      () => base,
      tenant.sdkKey,
      600,
      8,
      outcomes,
      (acked) => {
        if (acked === 150) restarted = rabbit.kill().then(() => rabbit.start());
      },
    );
    const spooled = (await status()).spool.batches;
    await restarted;
    assert.equal([...outcomes.values()].filter((o) => o !== 'ok').length, 0, 'every post got its 202');
    assert.ok(spooled > 0, 'with the broker gone, batches were spooled');
    await assertEveryAckApplied(base, tenant, outcomes);

    // 2. A memory alarm blocks every publisher: ingest answers from the spool, admin writes go on.
    await s.api('POST', '/api/v1/projects/faults-app/flags', { key: 'beacon', name: 'Beacon' });
    await rabbit.ctl('set_vm_memory_high_watermark', 'absolute', '1');
    // The broker blocks a connection when it next publishes; keep posting until it has.
    const during = new Map<number, Outcome>();
    let next = 600;
    await waitFor(
      async () => {
        const i = next++;
        const response = await postEvents(base, '/bulk', batch(i), {
          auth: tenant.sdkKey,
          payloadId: `payload-${i}`,
        });
        during.set(i, response.status === 202 ? 'ok' : 'failed');
        return (await status()).broker === 'blocked' ? true : undefined;
      },
      'the broker to block publishing',
      20_000,
    );
    const writes: number[] = [];
    const writer = (async () => {
      for (let n = 0; n < 10; n++) {
        const started = performance.now();
        const toggled = await s.api(
          'POST',
          '/api/v1/projects/faults-app/flags/beacon/environments/production/toggle',
          {
            on: n % 2 === 0,
          },
        );
        assert.equal(toggled.status, 200);
        writes.push(performance.now() - started);
      }
    })();
    // Batch numbers continue after the first phase's, so each is told apart in insights.
    for (const end = next + 50; next < end; next++) {
      const i = next;
      const response = await postEvents(base, '/bulk', batch(i), {
        auth: tenant.sdkKey,
        payloadId: `payload-${i}`,
      });
      during.set(i, response.status === 202 ? 'ok' : 'failed');
      assert.match(response.headers.get('x-switchyard-events') ?? '', /durable=spool/);
    }
    await writer;
    // The broker's confirm timeout is 5 s: an admin write that waited on the broker would take
    // at least that long, so every one finishing sooner shows none did, on any machine.
    assert.ok(
      Math.max(...writes) < 5000,
      `admin writes took ${writes.map((w) => w.toFixed(0)).join(', ')} ms`,
    );
    await rabbit.ctl('set_vm_memory_high_watermark', '0.4');
    for (const [i, o] of during) outcomes.set(i, o);
    await assertEveryAckApplied(base, tenant, outcomes);
    await waitFor(
      async () => ((await status()).spool.batches === 0 ? true : undefined),
      'spool drained',
      30_000,
    );
  } finally {
    await server.close();
    await rabbit.remove();
    await rm(dataDir, { recursive: true, force: true });
  }
});
