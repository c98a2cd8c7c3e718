import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { ConfigError, loadConfig } from '../src/config.js';
import { type RunningServer, startServer } from '../src/main.js';
import { ADMIN_TOKEN, call } from './support/test-server.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
let dataDir: string;
let server: RunningServer;
let url: string;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'switchyard-metrics-token-'));
  const env = {
    SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN,
    SWITCHYARD_METRICS_TOKEN: METRICS_TOKEN,
    LOG_LEVEL: 'silent',
  };
  server = await startServer(loadConfig({ env, flags: { port: '0', 'data-dir': dataDir } }), {
    logger: pino({ level: 'silent' }),
  });
  url = server.url.replace('[::1]', '127.0.0.1');
});

after(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

for (const path of ['/metrics', '/status']) {
  test(`${path} answers 401 UNAUTHORIZED without the metrics token, or with another one`, async () => {
    for (const token of [null, 'not-the-metrics-token-at-all', ADMIN_TOKEN]) {
      const response = await call(url, 'GET', path, undefined, token);
      assert.equal(response.status, 401, `${path} with ${token ?? 'no token'}`);
      assert.equal(response.body.code, 'UNAUTHORIZED');
      assert.doesNotMatch(JSON.stringify(response.body), /production|switchyard_/);
    }
  });
}

test('with the metrics token, /metrics and /status answer as without one', async () => {
  const metrics = await call(url, 'GET', '/metrics', undefined, METRICS_TOKEN);
  assert.equal(metrics.status, 200);
  assert.match(String(metrics.body), /^# HELP switchyard_/m);
  const status = await call(url, 'GET', '/status', undefined, METRICS_TOKEN);
  assert.equal(status.status, 200);
  assert.equal(status.body.database, 'up');
});

test('health checks stay open for load balancers', async () => {
  for (const path of ['/health', '/health/live', '/health/ready', '/health/ready/admin']) {
    const response = await call(url, 'GET', path, undefined, null);
    assert.equal(response.status, 200, path);
  }
});

test('a metrics token shorter than 16 characters is refused at start', () => {
  assert.throws(
    () => loadConfig({ env: { SWITCHYARD_METRICS_TOKEN: 'short' }, flags: {} }),
    (error: unknown) => error instanceof ConfigError && /SWITCHYARD_METRICS_TOKEN/.test(error.message),
  );
});
