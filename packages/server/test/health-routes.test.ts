import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PipelineStatus } from '@switchyard/pipeline';
import Fastify from 'fastify';
import { type HealthDeps, healthRoutes } from '../src/http/health-routes.js';

interface State {
  database: boolean;
  changeFeed: boolean;
  dataAgeMs: number | undefined;
  stopping: boolean;
  spool: PipelineStatus['spool'];
}

async function node(state: State) {
  const deps: HealthDeps = {
    database: async () => state.database,
    changeFeed: () => state.changeFeed,
    dataAgeMs: () => state.dataAgeMs,
    stopping: () => state.stopping,
    events: () => ({
      broker: 'none',
      consumer: 'in-process',
      spool: state.spool,
      inflight: 0,
      channelsOpened: 0,
    }),
  };
  const app = Fastify();
  await app.register(healthRoutes(deps));
  const get = async (url: string) => {
    const response = await app.inject({ method: 'GET', url });
    return { status: response.statusCode, body: response.json(), cache: response.headers['cache-control'] };
  };
  return { app, get };
}

const healthy = (): State => ({
  database: true,
  changeFeed: true,
  dataAgeMs: 5,
  stopping: false,
  spool: { batches: 0, bytes: 0 },
});

test('a healthy node is live and ready for both kinds of traffic, uncached', async () => {
  const { app, get } = await node(healthy());
  for (const url of ['/health/live', '/health/ready', '/health/ready/admin', '/health']) {
    const response = await get(url);
    assert.equal(response.status, 200, url);
    assert.equal(response.cache, 'no-store', url);
  }
  const ready = await get('/health/ready');
  assert.deepEqual(ready.body, {
    ready: true,
    scope: 'sdk',
    reasons: [],
    checks: {
      store: 'up',
      changeFeed: { state: 'connected', dataAgeMs: 5 },
      broker: 'none',
      spool: { batches: 0, bytes: 0, oldestAgeMs: null },
    },
  });
  await app.close();
});

test('during a store outage SDK traffic stays ready on the last data, admin traffic is not', async () => {
  const state = { ...healthy(), database: false, changeFeed: false };
  const { app, get } = await node(state);
  const sdk = await get('/health/ready');
  assert.equal(sdk.status, 200);
  assert.equal(sdk.body.checks.store, 'down');
  const admin = await get('/health/ready/admin');
  assert.equal(admin.status, 503);
  assert.match(admin.body.reasons.join(), /database does not answer/);
  const compatible = await get('/health');
  assert.equal(compatible.status, 200, '/health keeps answering 200 while SDKs are served');
  assert.equal(compatible.body.status, 'degraded');
  assert.equal((await get('/health/live')).status, 200, 'liveness never depends on the database');
  await app.close();
});

test('a node that has not loaded its data, or is shutting down, is not ready, and says why', async () => {
  const state: State = { ...healthy(), dataAgeMs: undefined };
  const { app, get } = await node(state);
  const loading = await get('/health/ready');
  assert.equal(loading.status, 503);
  assert.deepEqual(loading.body.reasons, ['flag data not loaded yet']);
  state.dataAgeMs = 1;
  state.stopping = true;
  for (const url of ['/health/ready', '/health/ready/admin', '/health']) {
    const response = await get(url);
    assert.equal(response.status, 503, url);
    assert.match(JSON.stringify(response.body), /shutting down/, url);
  }
  assert.equal((await get('/health/live')).status, 200);
  await app.close();
});

test('the spool depth and its oldest batch age are reported', async () => {
  const state = { ...healthy(), spool: { batches: 3, bytes: 900, oldestAgeMs: 1200 } };
  const { app, get } = await node(state);
  assert.deepEqual((await get('/health/ready')).body.checks.spool, {
    batches: 3,
    bytes: 900,
    oldestAgeMs: 1200,
  });
  await app.close();
});
