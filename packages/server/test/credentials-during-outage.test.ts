/**
 * A credential this node does not know yet (created on another node) while its database is cut:
 * every SDK surface must answer 503 STORE_UNAVAILABLE, which SDKs retry, never 401 or 404, which
 * LaunchDarkly SDKs treat as permanent ("Authentication failed"). Once the database is back, the
 * official SDK that started during the cut initializes on its own, and a key that really does not
 * exist is 401 again.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LDClient } from '@launchdarkly/node-server-sdk';
import { createTenant, customEvents, postEvents, type Tenant, waitFor } from './support/events.js';
import { ldClient } from './support/ld-sdk.js';
import { type ProxiedPair, startProxiedPair } from './support/proxied-pair.js';
import { postgresAvailable } from './support/test-server.js';

const available = await postgresAvailable();
if (!available && process.env.CI) throw new Error('PostgreSQL is required under CI but is not reachable');
const skip = available ? false : 'PostgreSQL is not reachable';

let pair: ProxiedPair;
let known: Tenant;
let client: LDClient | undefined;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const context = { kind: 'user', key: 'u' };

before(async () => {
  if (!available) return;
  pair = await startProxiedPair();
  known = await createTenant(pair.writer, 'known');
});

after(async () => {
  client?.close();
  await pair?.close();
});

const ofrep = (sdkKey: string, path = '/live') =>
  fetch(`${pair.node.url}/ofrep/v1/evaluate/flags${path}`, {
    method: 'POST',
    headers: { authorization: sdkKey, 'content-type': 'application/json' },
    body: JSON.stringify({ context: { targetingKey: 'u' } }),
  });

test('a credential created elsewhere during a database cut: 503 STORE_UNAVAILABLE on every SDK surface, and the SDK recovers', {
  skip,
}, async () => {
  const { writer, node, proxy } = pair;
  await waitFor(
    async () => ((await ofrep(known.sdkKey, '')).status === 200 ? true : undefined),
    'the node to know the first tenant',
  );
  await proxy.cut();
  await waitFor(
    async () =>
      (await node.api('GET', '/health', undefined, null)).body.database === 'down' ? true : undefined,
    'the node to see its database cut',
  );

  // Created on the other node, whose database is up: this node cannot learn of it.
  const fresh = await createTenant(writer, 'fresh');
  await writer.api('POST', `/api/v1/projects/${fresh.project}/flags`, { key: 'live', name: 'Live' });
  await writer.api('POST', `/api/v1/projects/${fresh.project}/flags/live/environments/production/toggle`, {
    on: true,
  });

  const surfaces: [string, () => Promise<Response>][] = [
    ['streaming GET /all', () => fetch(`${node.url}/all`, { headers: { authorization: fresh.sdkKey } })],
    [
      'polling GET /sdk/latest-all',
      () => fetch(`${node.url}/sdk/latest-all`, { headers: { authorization: fresh.sdkKey } }),
    ],
    ['OFREP single', () => ofrep(fresh.sdkKey)],
    ['OFREP bulk', () => ofrep(fresh.sdkKey, '')],
    [
      'client-side evalx',
      () => fetch(`${node.url}/sdk/evalx/${fresh.clientSideId}/contexts/${b64(context)}`),
    ],
    [
      'mobile evalx',
      () =>
        fetch(`${node.url}/msdk/evalx/contexts/${b64(context)}`, {
          headers: { authorization: fresh.mobileKey },
        }),
    ],
    ['client-side stream', () => fetch(`${node.url}/eval/${fresh.clientSideId}/${b64(context)}`)],
  ];
  for (const [name, call] of surfaces) {
    const response = await call();
    const body = (await response.json()) as { code?: string };
    assert.equal(response.status, 503, `${name} answers 503 while the store cannot confirm the credential`);
    assert.equal(body.code, 'STORE_UNAVAILABLE', `${name} names the cause`);
    assert.ok(response.headers.get('retry-after'), `${name} says when to retry`);
  }
  const events = await postEvents(node.url, '/bulk', customEvents(3), { auth: fresh.sdkKey });
  assert.equal(events.status, 503, 'event posts are refused for a retry, not as an unknown key');
  assert.equal(events.headers.get('x-switchyard-events'), 'rejected; reason=store-unavailable');
  // What the node already knows it keeps serving.
  assert.equal((await ofrep(known.sdkKey, '')).status, 200, 'a known key is still served during the cut');

  // The official SDK started during the cut keeps retrying, and does not give up.
  let failed: unknown;
  client = ldClient(node.url, fresh.sdkKey);
  client.on('failed', (error) => {
    failed = error;
  });
  const sdk = client;
  const initialized = sdk.waitForInitialization({ timeout: 60 });
  // Let it be refused a few times before the database comes back.
  await waitFor(
    async () =>
      (await fetch(`${node.url}/all`, { headers: { authorization: fresh.sdkKey } })).status === 503
        ? true
        : undefined,
    'one more 503 before the restore',
  );
  assert.equal(failed, undefined, 'the SDK did not give up during the cut');
  await proxy.restore();
  await initialized;
  assert.equal(
    await sdk.variation('live', context, false),
    true,
    "the SDK serves the new environment's flag",
  );
  assert.equal(failed, undefined, 'the SDK never reported a permanent failure');

  // With the store answering again, an unknown credential is what it is.
  const unknownPoll = await fetch(`${node.url}/sdk/latest-all`, { headers: { authorization: 'sdk-nope' } });
  assert.equal(unknownPoll.status, 401, 'an unknown SDK key is 401 once the store has confirmed it');
  assert.equal((await ofrep('sdk-nope')).status, 401, 'OFREP: an unknown key is 401');
  assert.equal(
    (await fetch(`${node.url}/sdk/evalx/nope/contexts/${b64(context)}`)).status,
    404,
    'an unknown client-side ID is 404',
  );
});
