/**
 * EnvironmentSnapshots against a store that fails on demand (a fake of the store's reads, for
 * the logic; credentials-during-outage.test.ts cuts a real PostgreSQL): a lookup that misses
 * asks the store once, a store that cannot answer is STORE_UNAVAILABLE, never "unknown", and a
 * refresh that fails halfway leaves its changes for the next one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Change, Environment } from '@switchyard/control-plane';
import pino from 'pino';
import { EnvironmentSnapshots } from '../src/delivery/environment-snapshots.js';
import { ApiError } from '../src/errors.js';

const env = (key: string): Environment => ({
  projectKey: 'p',
  key,
  name: key,
  sdkKey: `sdk-${key}`,
  mobileKey: `mob-${key}`,
  clientSideId: `cs-${key}`,
  secureMode: false,
  dataVersion: 1,
  createdAt: '2026-01-01T00:00:00Z',
});

function fakeStore() {
  const state = {
    environments: [env('a')],
    changes: [] as Change[],
    /** Calls of listAllEnvironments that throw, from now on. */
    failing: false,
    reads: 0,
  };
  const store = {
    listAllEnvironments: async () => {
      state.reads++;
      if (state.failing) throw new Error('Connection terminated unexpectedly');
      return state.environments;
    },
    changesSince: async (seq: number) => state.changes.filter((c) => c.seq > seq),
    listFlags: async () => [],
    listFlagConfigs: async () => new Map(),
    listSegments: async () => [],
    getFlag: async () => undefined,
    getFlagConfig: async () => undefined,
    getSegment: async () => undefined,
  };
  return { state, store };
}

const quick = { spacingMs: 0, timeoutMs: 5000 };

test('a key created elsewhere is found after one read of the store; an unknown key then stands', async () => {
  const { state, store } = fakeStore();
  const snapshots = new EnvironmentSnapshots(store, pino({ level: 'silent' }), quick);
  await snapshots.load();
  assert.equal(snapshots.forSdkKey('sdk-b'), undefined);
  state.environments = [env('a'), env('b')];
  const before = state.reads;
  // Two misses at once share one read.
  await Promise.all([snapshots.confirmMiss(), snapshots.confirmMiss()]);
  assert.equal(state.reads - before, 1, 'one read of the store for two misses');
  assert.equal(snapshots.forSdkKey('sdk-b')?.id, 'p/b', 'the new key is found');
  assert.equal(snapshots.forMobileKey('mob-b')?.id, 'p/b');
  assert.equal(snapshots.forClientSideId('cs-b')?.id, 'p/b');
  await snapshots.confirmMiss();
  assert.equal(
    snapshots.forSdkKey('sdk-nope'),
    undefined,
    'a key the store does not have stays unknown (401)',
  );
});

test('a store that fails during the check is STORE_UNAVAILABLE (503), and the last data is still served', async () => {
  const { state, store } = fakeStore();
  const snapshots = new EnvironmentSnapshots(store, pino({ level: 'silent' }), quick);
  await snapshots.load();
  state.failing = true;
  await assert.rejects(
    snapshots.confirmMiss(),
    (error: unknown) =>
      error instanceof ApiError && error.code === 'STORE_UNAVAILABLE' && error.statusCode === 503,
  );
  assert.equal(snapshots.forSdkKey('sdk-a')?.id, 'p/a', 'a known key is still served');
  state.failing = false;
  await snapshots.confirmMiss();
});

test('a store that never answers is STORE_UNAVAILABLE after the bounded wait', async () => {
  const { store } = fakeStore();
  const snapshots = new EnvironmentSnapshots(store, pino({ level: 'silent' }), {
    spacingMs: 0,
    timeoutMs: 50,
  });
  await snapshots.load();
  store.changesSince = () => new Promise<Change[]>(() => {});
  await assert.rejects(
    snapshots.confirmMiss(),
    (error: unknown) => error instanceof ApiError && error.code === 'STORE_UNAVAILABLE',
  );
});

test('a refresh that fails after reading the changes applies them on the next one', async () => {
  const { state, store } = fakeStore();
  const snapshots = new EnvironmentSnapshots(store, pino({ level: 'silent' }), quick);
  await snapshots.load();
  const seen: string[] = [];
  snapshots.onChange((_data, changes) => seen.push(...changes.map((c) => c.key)));
  state.changes = [
    {
      seq: 1,
      projectKey: 'p',
      environmentKey: 'a',
      kind: 'flag',
      key: 'f',
      version: 2,
      deleted: false,
      at: '2026-01-01T00:00:01Z',
    },
  ];
  state.failing = true;
  await snapshots.refresh();
  assert.deepEqual(seen, [], 'nothing applied while the store fails');
  state.failing = false;
  await snapshots.refresh();
  assert.deepEqual(seen, ['f'], 'the change read by the failed refresh reached the listeners');
});
