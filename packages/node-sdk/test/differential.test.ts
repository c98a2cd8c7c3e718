/**
 * The differential: this SDK and the official LaunchDarkly Node SDK, connected to the same server,
 * give the same value, variation index and reason for every flag of a varied set (operators,
 * rollouts, experiments, prerequisites, segments, context kinds) for random contexts.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { ldClient } from '../../server/test/support/ld-sdk.js';
import { init, type SwitchyardClient } from '../src/index.js';
import { differentialData } from './support/differential-data.js';
import { contextArbitrary } from './support/random-context.js';
import { type Environment, startServerWithProject, type TestServer } from './support/server.js';

const RUNS = 300;
let env: Environment;
let server: TestServer;
let ours: SwitchyardClient;
let theirs: ReturnType<typeof ldClient>;

before(async () => {
  env = await startServerWithProject();
  server = env.server;
  const put = await server.api(
    'PUT',
    '/api/v1/projects/app/environments/production/sdk-data',
    differentialData,
  );
  assert.equal(put.status, 200, JSON.stringify(put.body));
  ours = init(env.sdkKey, { baseUri: server.url, sendEvents: false });
  theirs = ldClient(server.url, env.sdkKey, { sendEvents: false });
  await Promise.all([
    ours.waitForInitialization({ timeout: 30 }),
    theirs.waitForInitialization({ timeout: 30 }),
  ]);
});

after(async () => {
  await ours?.close();
  theirs?.close();
  await server?.close();
});

const FLAG_KEYS = Object.keys(differentialData.flags);

test(`for ${RUNS} random contexts every flag has the same value, variation and reason in both SDKs`, async () => {
  const outcomes = new Set<string>();
  await fc.assert(
    fc.asyncProperty(contextArbitrary, async (context) => {
      for (const key of FLAG_KEYS) {
        const mine = ours.jsonVariationDetail(key, context, 'default');
        const ld = await theirs.variationDetail(key, context as never, 'default');
        assert.deepEqual(
          { value: mine.value, variationIndex: mine.variationIndex, reason: mine.reason },
          { value: ld.value, variationIndex: ld.variationIndex ?? null, reason: ld.reason },
          `flag ${key}`,
        );
        const reason = ld.reason as { kind: string; inExperiment?: boolean };
        outcomes.add(`${reason.kind}${reason.inExperiment === true ? '+experiment' : ''}`);
      }
    }),
    { numRuns: RUNS, seed: 20261207, interruptAfterTimeLimit: 90_000, markInterruptAsFailure: true },
  );
  // The set is varied enough to matter: every kind of reason came up.
  for (const kind of [
    'OFF',
    'FALLTHROUGH',
    'FALLTHROUGH+experiment',
    'TARGET_MATCH',
    'RULE_MATCH',
    'RULE_MATCH+experiment',
    'PREREQUISITE_FAILED',
    'ERROR',
  ]) {
    assert.ok(outcomes.has(kind), `no context gave ${kind}; seen ${[...outcomes].join(', ')}`);
  }
});
