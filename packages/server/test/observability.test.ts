import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/main.js';
import { createTenant, customEvents, postEvents, type Tenant } from './support/events.js';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './support/test-server.js';

let s: TestServer;
let tenant: Tenant;

before(async () => {
  s = await startTestServer('sqlite');
  tenant = await createTenant(s, 'acme');
  await s.api('POST', `/api/v1/projects/${tenant.project}/flags`, { key: 'beta', name: 'Beta' });
});

after(() => s.close());

async function scrape(): Promise<string> {
  return String((await s.api('GET', '/metrics', undefined, null)).body);
}

/** A sample's value in a scrape (0 when the series is not there yet). */
function sample(metrics: string, series: string): number {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

/** Scrapes before and after `action` and returns how far each series moved. */
async function moved(series: readonly string[], action: () => Promise<unknown>): Promise<number[]> {
  const before = await scrape();
  await action();
  const after = await scrape();
  return series.map((name) => sample(after, name) - sample(before, name));
}

function openStream(path: string, headers: Record<string, string>) {
  const request = http.get(`${s.url}${path}`, { headers, agent: false });
  const response = new Promise<http.IncomingMessage>((resolve) => request.on('response', resolve));
  request.on('error', () => {});
  return { request, response };
}

test('an OFREP evaluation is counted and timed in its route group', async () => {
  const [count, inFastBuckets] = await moved(
    [
      'switchyard_http_request_duration_seconds_count{group="ofrep",status="200"}',
      'switchyard_http_request_duration_seconds_bucket{le="10",group="ofrep",status="200"}',
    ],
    () =>
      fetch(`${s.url}/ofrep/v1/evaluate/flags/beta`, {
        method: 'POST',
        headers: { authorization: tenant.sdkKey, 'content-type': 'application/json' },
        body: JSON.stringify({ context: { targetingKey: 'u' } }),
      }),
  );
  assert.equal(count, 1);
  assert.equal(inFastBuckets, 1);
});

test('a flag toggle through the admin API counts an admin request, a change and its delivery delay', async () => {
  const [admin, changes, delays] = await moved(
    [
      'switchyard_http_request_duration_seconds_count{group="admin",status="200"}',
      'switchyard_changes_total{kind="flag"}',
      'switchyard_change_stream_delay_seconds_count',
    ],
    async () => {
      const toggled = await s.api(
        'POST',
        `/api/v1/projects/${tenant.project}/flags/beta/environments/production/toggle`,
        { on: true },
      );
      assert.equal(toggled.status, 200);
    },
  );
  assert.equal(admin, 1);
  assert.equal(changes, 1);
  assert.equal(delays, 1);
});

test('connected streams are counted by kind, opened ones since start, and refused requests', async () => {
  const before = await scrape();
  const server = openStream('/all', { authorization: tenant.sdkKey });
  const mobile = openStream('/meval/eyJrZXkiOiJ1In0', { authorization: tenant.mobileKey });
  await Promise.all([server.response, mobile.response]);
  const during = await scrape();
  assert.equal(
    sample(during, 'switchyard_sdk_streams{kind="server"}'),
    sample(before, 'switchyard_sdk_streams{kind="server"}') + 1,
  );
  assert.equal(
    sample(during, 'switchyard_sdk_streams{kind="mobile"}'),
    sample(before, 'switchyard_sdk_streams{kind="mobile"}') + 1,
  );
  server.request.destroy();
  mobile.request.destroy();
  const deadline = Date.now() + 5000;
  let after = await scrape();
  while (
    sample(after, 'switchyard_sdk_streams{kind="server"}') !==
    sample(before, 'switchyard_sdk_streams{kind="server"}')
  ) {
    if (Date.now() > deadline) assert.fail('the closed stream is still counted');
    await new Promise((resolve) => setTimeout(resolve, 20));
    after = await scrape();
  }
  const opened = 'switchyard_sdk_streams_opened_total{kind="server"}';
  assert.equal(sample(after, opened), sample(before, opened) + 1);
  const refused = 'switchyard_http_stream_requests_total{status="401"}';
  const [unknownKey] = await moved([refused], async () => {
    const stream = openStream('/all', { authorization: 'sdk-00000000-0000-0000-0000-000000000000' });
    (await stream.response).resume();
  });
  assert.equal(unknownKey, 1, 'a refused stream request is counted');
});

test('accepted events are counted by account and outcome, and the ingest request by group', async () => {
  const [byAccount, requests] = await moved(
    [
      'switchyard_ingest_account_events_total{account="acme",outcome="accepted",reason="spool"}',
      'switchyard_http_request_duration_seconds_count{group="ingest",status="202"}',
    ],
    async () => {
      const posted = await postEvents(s.url, '/bulk', customEvents(5), { auth: tenant.sdkKey });
      assert.equal(posted.status, 202);
    },
  );
  assert.equal(byAccount, 5);
  assert.equal(requests, 1);
});

test('the scrape has the event loop delay, the spool and the broker channels', async () => {
  const metrics = await scrape();
  for (const name of [
    'nodejs_eventloop_lag_p99_seconds',
    'switchyard_events_spool_batches',
    'switchyard_events_spool_oldest_age_seconds',
    'switchyard_events_broker_channels_opened',
    'switchyard_flag_data_age_seconds',
  ]) {
    assert.match(metrics, new RegExp(`^${name} `, 'm'), name);
  }
});

test('admin requests are logged one line each with the actor, SDK traffic as a periodic summary', async () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line !== '') lines.push(JSON.parse(line));
      done();
    },
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'switchyard-logs-'));
  const config = loadConfig({
    env: { SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN, SWITCHYARD_LOG_SUMMARY_SECONDS: '1' },
    flags: { port: '0', 'data-dir': dataDir },
  });
  const server = await startServer(config, { logger: pino({ level: 'info' }, sink) });
  try {
    const url = server.url.replace('[::1]', '127.0.0.1');
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    await fetch(`${url}/api/v1/projects`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ key: 'p', name: 'P' }),
    });
    const { sdkKey } = (await (
      await fetch(`${url}/api/v1/projects/p/environments/production`, { headers: auth })
    ).json()) as { sdkKey: string };
    for (let i = 0; i < 3; i++) await fetch(`${url}/sdk/latest-all`, { headers: { authorization: sdkKey } });
    const admin = lines.filter((l) => l.msg === 'admin request');
    assert.equal(admin.length, 2, 'one line per admin request, none per SDK request');
    assert.deepEqual(
      { ...admin[0], time: undefined, pid: undefined, hostname: undefined, level: undefined, ms: undefined },
      {
        actor: {
          token: (admin[0]?.actor as { token: string } | undefined)?.token,
          name: 'bootstrap admin',
          role: 'admin',
        },
        method: 'POST',
        route: '/api/v1/projects',
        url: '/api/v1/projects',
        status: 201,
        msg: 'admin request',
        time: undefined,
        pid: undefined,
        hostname: undefined,
        level: undefined,
        ms: undefined,
      },
    );
    const deadline = Date.now() + 5000;
    while (!lines.some((l) => l.msg === 'traffic summary')) {
      if (Date.now() > deadline) assert.fail('no traffic summary was logged');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const summary = lines.find((l) => l.msg === 'traffic summary') as { requests: Record<string, unknown> };
    assert.deepEqual(summary.requests.sdk, { '2xx': 3 });
    assert.equal(summary.requests.admin, undefined, 'admin requests have their own lines');
    assert.ok(!JSON.stringify(lines).includes(ADMIN_TOKEN), 'the token secret is never logged');
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
