import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  type Client,
  type EventDetails,
  InMemoryProvider,
  OpenFeature,
  ProviderEvents,
  ProviderStatus,
} from '@openfeature/server-sdk';
import { createTenant, type Tenant } from '../../server/test/support/events.js';
import { startTcpProxy, type TcpProxy } from '../../server/test/support/tcp-proxy.js';
import { startTestServer, type TestServer } from '../../server/test/support/test-server.js';
import { waitFor } from '../../server/test/support/wait-for.js';
import { SwitchyardProvider } from '../src/index.js';

let server: TestServer;
let tenant: Tenant;
let proxy: TcpProxy;
let domains = 0;

const flags = {
  'bool-flag': {
    on: true,
    variations: [true, false],
    offVariation: 1,
    targets: [{ variation: 0, values: ['alice'] }],
    fallthrough: { variation: 1 },
  },
  'string-flag': {
    on: true,
    variations: ['red', 'blue', 'green'],
    offVariation: 0,
    rules: [
      {
        id: 'pro-plan',
        clauses: [{ contextKind: 'user', attribute: 'plan', op: 'in', values: ['pro'], negate: false }],
        variation: 1,
      },
      {
        id: 'acme-org',
        clauses: [
          { contextKind: 'organization', attribute: 'key', op: 'in', values: ['acme'], negate: false },
        ],
        variation: 2,
      },
    ],
    fallthrough: { variation: 0 },
  },
  'number-flag': { on: false, variations: [1, 10, 100], offVariation: 1, fallthrough: { variation: 2 } },
  'object-flag': {
    on: true,
    variations: [
      { theme: 'dark', columns: 3 },
      { theme: 'light', columns: 1 },
    ],
    offVariation: 1,
    fallthrough: { variation: 0 },
  },
  'rollout-flag': {
    on: true,
    variations: ['a', 'b'],
    offVariation: 0,
    rules: [{ id: 'beta', clauses: [{ attribute: 'beta', op: 'in', values: [true] }], variation: 1 }],
    fallthrough: {
      rollout: {
        variations: [
          { variation: 0, weight: 30000 },
          { variation: 1, weight: 70000 },
        ],
      },
    },
  },
  'experiment-flag': {
    on: true,
    variations: ['control', 'treatment'],
    offVariation: 0,
    fallthrough: {
      rollout: {
        kind: 'experiment',
        variations: [
          { variation: 0, weight: 50000 },
          { variation: 1, weight: 50000 },
        ],
      },
    },
  },
};

before(async () => {
  server = await startTestServer('sqlite');
  tenant = await createTenant(server, 'openfeature');
  const put = await server.api('PUT', `/api/v1/projects/${tenant.project}/environments/production/sdk-data`, {
    flags,
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  proxy = await startTcpProxy(Number(new URL(server.url).port));
});

after(async () => {
  await OpenFeature.close();
  await proxy?.close();
  await server?.close();
});

/** A provider on its own OpenFeature domain, through the proxy (so a test can take the server away). */
async function openFeatureClient(
  sdkKey = tenant.sdkKey,
  initializationTimeout = 30,
): Promise<{ client: Client; provider: SwitchyardProvider; domain: string }> {
  const provider = new SwitchyardProvider({
    sdkKey,
    clientOptions: {
      baseUri: `http://127.0.0.1:${proxy.port}`,
      initialReconnectDelayMs: 50,
      pollingFallbackAfterMs: 0,
    },
    initializationTimeout,
  });
  const domain = `test-${++domains}`;
  await OpenFeature.setProviderAndWait(domain, provider).catch(() => {});
  return { client: OpenFeature.getClient(domain), provider, domain };
}

test('the four types resolve with their values, variants and OpenFeature reasons', async () => {
  const { client } = await openFeatureClient();
  const alice = { targetingKey: 'alice' };
  const bool = await client.getBooleanDetails('bool-flag', false, alice);
  assert.equal(bool.value, true);
  assert.equal(bool.variant, '0');
  assert.equal(bool.reason, 'TARGETING_MATCH');
  assert.equal(bool.flagMetadata.reasonKind, 'TARGET_MATCH');
  assert.equal(
    (await client.getBooleanDetails('bool-flag', true, { targetingKey: 'bob' })).reason,
    'DEFAULT',
  );

  const pro = await client.getStringDetails('string-flag', 'x', { targetingKey: 'bob', plan: 'pro' });
  assert.deepEqual(
    { value: pro.value, variant: pro.variant, reason: pro.reason, metadata: pro.flagMetadata },
    {
      value: 'blue',
      variant: '1',
      reason: 'TARGETING_MATCH',
      metadata: { reasonKind: 'RULE_MATCH', ruleIndex: 0, ruleId: 'pro-plan' },
    },
  );

  const number = await client.getNumberDetails('number-flag', 0, alice);
  assert.deepEqual([number.value, number.variant, number.reason], [10, '1', 'DISABLED']);

  const object = await client.getObjectDetails('object-flag', {}, alice);
  assert.deepEqual([object.value, object.reason], [{ theme: 'dark', columns: 3 }, 'DEFAULT']);

  const split = await client.getStringDetails('experiment-flag', 'x', alice);
  assert.ok(['control', 'treatment'].includes(split.value));
  assert.equal(split.reason, 'SPLIT');
  assert.equal(split.flagMetadata.inExperiment, true);
});

test("a plain percentage rollout is SPLIT as the server's OFREP answers, and a rule before it TARGETING_MATCH", async () => {
  const { client } = await openFeatureClient();
  const rolled = await client.getStringDetails('rollout-flag', 'x', { targetingKey: 'bob' });
  assert.ok(['a', 'b'].includes(rolled.value));
  assert.deepEqual([rolled.reason, rolled.flagMetadata.reasonKind], ['SPLIT', 'FALLTHROUGH']);
  assert.equal(rolled.flagMetadata.inExperiment, undefined, 'not an experiment');
  const ofrep = await fetch(`${server.url}/ofrep/v1/evaluate/flags/rollout-flag`, {
    method: 'POST',
    headers: { authorization: tenant.sdkKey, 'content-type': 'application/json' },
    body: JSON.stringify({ context: { targetingKey: 'bob' } }),
  });
  const answer = (await ofrep.json()) as { reason: string; value: string };
  assert.deepEqual([answer.reason, answer.value], ['SPLIT', rolled.value], 'the same answer as OFREP');
  const beta = await client.getStringDetails('rollout-flag', 'x', { targetingKey: 'bob', beta: true });
  assert.deepEqual([beta.value, beta.reason], ['b', 'TARGETING_MATCH']);
});

test('a multi-kind context reaches the rules of each of its kinds', async () => {
  const { client } = await openFeatureClient();
  const context = {
    kind: 'multi',
    user: { targetingKey: 'bob', plan: 'free' },
    organization: { targetingKey: 'acme', name: 'Acme' },
  };
  const detail = await client.getStringDetails('string-flag', 'x', context);
  assert.equal(detail.value, 'green');
  assert.equal(detail.flagMetadata.ruleId, 'acme-org');
  const org = await client.getStringDetails('string-flag', 'x', {
    kind: 'organization',
    targetingKey: 'acme',
  });
  assert.equal(org.value, 'green');
});

test('a missing flag, a type mismatch and a context without a key give the default with their error codes', async () => {
  const { client } = await openFeatureClient();
  const alice = { targetingKey: 'alice' };
  const missing = await client.getBooleanDetails('no-such-flag', true, alice);
  assert.deepEqual([missing.value, missing.reason, missing.errorCode], [true, 'ERROR', 'FLAG_NOT_FOUND']);
  const wrongType = await client.getStringDetails('bool-flag', 'fallback', alice);
  assert.deepEqual([wrongType.value, wrongType.errorCode], ['fallback', 'TYPE_MISMATCH']);
  const notObject = await client.getObjectDetails('string-flag', { d: 1 }, alice);
  assert.deepEqual([notObject.value, notObject.errorCode], [{ d: 1 }, 'TYPE_MISMATCH']);
  const noKey = await client.getNumberDetails('number-flag', 5, { plan: 'pro' });
  assert.deepEqual([noKey.value, noKey.errorCode], [5, 'TARGETING_KEY_MISSING']);
  const badKind = await client.getNumberDetails('number-flag', 5, { kind: 'multi' });
  assert.deepEqual([badKind.value, badKind.errorCode], [5, 'INVALID_CONTEXT']);
});

test('a flag changed through the admin API raises ConfigurationChanged with its key', async () => {
  const { client } = await openFeatureClient();
  const changes: (readonly string[])[] = [];
  client.addHandler(ProviderEvents.ConfigurationChanged, (details?: EventDetails) => {
    changes.push((details as { flagsChanged?: string[] } | undefined)?.flagsChanged ?? []);
  });
  const toggle = (on: boolean) =>
    server.api('POST', `/api/v1/projects/${tenant.project}/flags/bool-flag/environments/production/toggle`, {
      on,
    });
  assert.equal((await toggle(false)).status, 200);
  await waitFor(() => changes.some((keys) => keys.includes('bool-flag')), {
    what: 'ConfigurationChanged for bool-flag',
  });
  assert.ok(!changes.some((keys) => keys.includes('string-flag')), 'only the changed flag is named');
  assert.equal(
    (await client.getBooleanDetails('bool-flag', true, { targetingKey: 'alice' })).reason,
    'DISABLED',
  );
  await toggle(true);
  await waitFor(async () => await client.getBooleanValue('bool-flag', false, { targetingKey: 'alice' }), {
    what: 'bool-flag back on',
  });
});

test('track forwards the event, its metric value and its data to the server', async () => {
  const { client, provider } = await openFeatureClient();
  client.track('purchase', { targetingKey: 'alice' }, { value: 9.5, sku: 'a1' });
  client.track('purchase', { targetingKey: 'bob' });
  await provider.client.flush();
  const window = { from: Date.now() - 3_600_000, to: Date.now() + 3_600_000 };
  const where = { projectKey: tenant.project, environmentKey: 'production' };
  let metricSum: number | undefined;
  await waitFor(
    async () => {
      const rows = await server.server.insights.customEventTotals(where, window);
      const purchase = rows.find((r) => r.eventKey === 'purchase');
      metricSum = purchase?.metricSum;
      return purchase?.count === 2;
    },
    { what: 'two purchase events in the insights' },
  );
  assert.equal(metricSum, 9.5);
});

test('Ready at start, Stale while the server is unreachable (the last data still served), Ready when it returns', async () => {
  const { client } = await openFeatureClient();
  assert.equal(client.providerStatus, ProviderStatus.READY);
  const events: string[] = [];
  for (const event of [ProviderEvents.Ready, ProviderEvents.Stale, ProviderEvents.Error]) {
    client.addHandler(event, () => events.push(event));
  }
  await proxy.cut();
  try {
    await waitFor(() => events.includes(ProviderEvents.Stale), { what: 'the Stale event' });
    assert.equal(client.providerStatus, ProviderStatus.STALE);
    assert.equal(await client.getBooleanValue('plain-missing', true, { targetingKey: 'alice' }), true);
    assert.equal(
      await client.getStringValue('string-flag', 'x', { targetingKey: 'bob', plan: 'pro' }),
      'blue',
    );
  } finally {
    await proxy.restore();
  }
  await waitFor(() => events.at(-1) === ProviderEvents.Ready, { what: 'Ready after the server returned' });
  assert.equal(client.providerStatus, ProviderStatus.READY);
  assert.ok(!events.includes(ProviderEvents.Error), `no Error while retrying: ${events.join(', ')}`);
});

test('an initialize that timed out is Error, and Ready follows the status event when data comes', async () => {
  await proxy.cut();
  let opened: Awaited<ReturnType<typeof openFeatureClient>>;
  try {
    opened = await openFeatureClient(tenant.sdkKey, 0.3);
    assert.equal(opened.client.providerStatus, ProviderStatus.ERROR);
    assert.equal(opened.provider.client.getStatus().state, 'initializing');
  } finally {
    await proxy.restore();
  }
  const { client } = opened;
  await waitFor(() => client.providerStatus === ProviderStatus.READY, { what: 'Ready once data came' });
  assert.equal(await client.getBooleanValue('bool-flag', false, { targetingKey: 'alice' }), true);
});

test('a refused SDK key makes the provider report Error', async () => {
  const { client } = await openFeatureClient('sdk-not-a-key');
  assert.equal(client.providerStatus, ProviderStatus.ERROR);
  const detail = await client.getBooleanDetails('bool-flag', true, { targetingKey: 'alice' });
  assert.deepEqual([detail.value, detail.reason], [true, 'ERROR']);
});

test('replacing the provider closes its client (onClose)', async () => {
  const { provider, domain } = await openFeatureClient();
  assert.equal(provider.client.dataSourceState(), 'valid');
  await OpenFeature.setProviderAndWait(domain, new InMemoryProvider({}));
  await waitFor(() => provider.client.dataSourceState() === 'off', { what: 'the client closed' });
});
