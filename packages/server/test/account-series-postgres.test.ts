import { after, before, test } from 'node:test';
import { createTenant, customEvents, postEvents, type Tenant, waitFor } from './support/events.js';
import { postgresAvailable, startTestServer, type TestServer } from './support/test-server.js';

const available = await postgresAvailable();
if (!available && process.env.CI) throw new Error('PostgreSQL is required under CI but is not reachable');
const skip = available ? false : 'PostgreSQL is not reachable';

let a: TestServer;
let b: TestServer;
let shop: Tenant;

before(async () => {
  if (!available) return;
  a = await startTestServer('postgres');
  b = await startTestServer('postgres', a.databaseUrl);
  shop = await createTenant(a, 'shop');
});
after(async () => {
  await b?.close();
  await a?.close();
});

test('an account’s series sums the events of both nodes, per minute and per hour, on either node', {
  skip,
}, async () => {
  for (const [node, n] of [
    [a, 7],
    [b, 11],
    [b, 11],
  ] as const) {
    // Node B learns the new project's SDK key from the change feed; until then it refuses (and counts nothing).
    await waitFor(async () => {
      const r = await postEvents(node.url, '/bulk', customEvents(n), { auth: shop.sdkKey });
      return r.headers.get('x-switchyard-events') === 'accepted; durable=spool' ? true : undefined;
    }, 'a post to be accepted');
  }
  for (const [name, node] of [
    ['A', a],
    ['B', b],
  ] as const) {
    for (const range of ['hour', 'day']) {
      await waitFor(async () => {
        const r = await node.api('GET', `/api/v1/accounts/shop/series?range=${range}`);
        return r.body.totals.accepted === 29 ? true : undefined;
      }, `node ${name}'s ${range} series to count the 29 events of both nodes`);
    }
  }
});
