/**
 * The customer-success flow end to end: a customer the official LaunchDarkly Node SDK
 * reported is found on the customer page and a flag turned on for them alone, in one
 * step; the same SDK, connected to the same server, then serves it true to them and
 * false to another customer. A typed customer no SDK has reported works as well, and a
 * change that races someone else's is refused with the conflict shown.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LDClient } from '@launchdarkly/node-server-sdk';
import { ldClient } from '../../server/test/support/ld-sdk.js';
import { waitFor, withDeadline } from '../../server/test/support/wait-for.js';
import { type Dashboard, signedInPage, skip, startDashboard } from './support/dashboard-harness.js';

let d: Dashboard;
let sdk: LDClient | undefined;
const FLAG = '/api/v1/projects/shop/flags/new-checkout';
const CUSTOMERS = '/projects/shop/environments/production/customers';
const acme = { kind: 'account', key: 'acme' };
const globex = { kind: 'account', key: 'globex' };

before(async () => {
  if (skip) return;
  d = await startDashboard('customers');
  await d.server.api('POST', '/api/v1/projects', { key: 'shop', name: 'Shop' });
  await d.server.api('POST', '/api/v1/projects/shop/flags', { key: 'new-checkout', name: 'New checkout' });
  await d.server.api('POST', '/api/v1/projects/shop/flags', {
    key: 'banner',
    name: 'Banner text',
    variations: ['plain', 'festive'],
  });
  // On, serving false to everyone: only an individual target serves true.
  const off = await d.server.api('PUT', `${FLAG}/environments/production`, {
    on: true,
    offVariation: 1,
    fallthrough: { variation: 1 },
  });
  assert.equal(off.status, 200, JSON.stringify(off.body));
  const env = (await d.server.api('GET', '/api/v1/projects/shop/environments/production')).body;
  sdk = ldClient(d.server.url, env.sdkKey);
  await sdk.waitForInitialization({ timeout: 30 });
  // The SDK's evaluations report the customers to the server, which the customer page lists.
  assert.equal(await sdk.variation('new-checkout', acme, true), false);
  assert.equal(await sdk.variation('new-checkout', globex, true), false);
  await sdk.flush();
  await waitFor(
    async () => {
      const seen = await d.server.api(
        'GET',
        '/api/v1/projects/shop/environments/production/insights/contexts',
      );
      return seen.body.contexts?.length === 2;
    },
    { what: 'the server to list the two contexts the SDK reported' },
  );
});

after(async () => {
  sdk?.close();
  await d?.close();
});

async function production() {
  return (await d.server.api('GET', FLAG)).body.environments.production;
}

test('customer success finds a reported customer, turns a flag on for them alone, and the LaunchDarkly SDK serves it to them only', {
  skip,
}, async () => {
  const client = sdk as LDClient;
  const { page, console } = await signedInPage(d, CUSTOMERS);
  await page.getByRole('heading', { name: 'Customers' }).waitFor();
  await page.getByLabel('Search seen contexts').fill('acm');
  const seen = page.getByRole('list', { name: 'Seen contexts' });
  await waitFor(async () => (await seen.getByRole('link').count()) === 1, {
    what: 'the search to narrow the seen contexts to acme',
  });
  await seen.getByRole('link', { name: 'account acme' }).click();
  await page.waitForURL(/\/customers\?kind=account&key=acme$/);

  const flags = page.getByRole('region', { name: 'Flags for account “acme” in Production' });
  const checkout = flags.getByRole('row', { name: /New checkout/ });
  await checkout.getByText('No target or rule matched: the default rule served').waitFor();
  // The flags and their states load beside the evaluations: wait for the row's last cell to settle.
  const banner = flags.getByRole('row', { name: /Banner text/ });
  await banner.getByText('Edit in the targeting editor').waitFor();
  assert.match((await banner.textContent()) ?? '', /"festive"The flag is off/);
  assert.equal(
    await banner.getByRole('switch').count(),
    0,
    'a flag that is not boolean is left to the targeting editor',
  );

  await flags.getByLabel('Comment for the audit log').fill('Acme asked for the beta');
  let updatedAt: number | undefined;
  client.on('update:new-checkout', () => {
    updatedAt ??= Date.now();
  });
  const saved = page.waitForResponse(
    (r) => r.request().method() === 'PUT' && r.url().endsWith('/flags/new-checkout/environments/production'),
  );
  const toggle = checkout.getByRole('switch', { name: 'New checkout for acme' });
  assert.equal(await toggle.getAttribute('aria-checked'), 'false');
  await toggle.click();
  const response = await withDeadline(saved, { timeoutMs: 30_000, what: 'the target to be saved' });
  assert.equal(response.status(), 200);
  // When the browser received the 2xx's headers, on the same wall clock as the SDK's update.
  const timing = response.request().timing();
  const savedAt = timing.startTime + timing.responseStart;

  await waitFor(async () => (await client.variation('new-checkout', acme, false)) === true, {
    what: 'the LaunchDarkly SDK to serve true to acme',
  });
  const delay = (updatedAt ?? Date.now()) - savedAt;
  process.stdout.write(
    `customer target: save 2xx to the LaunchDarkly SDK's update ${delay.toFixed(1)} ms (the issue's target is 1000 ms; reported, not asserted)\n`,
  );
  assert.equal(
    await client.variation('new-checkout', globex, true),
    false,
    'another customer still gets false',
  );

  await checkout.getByText('Targeted individually').waitFor();
  assert.equal(await toggle.getAttribute('aria-checked'), 'true');
  const config = await production();
  assert.deepEqual(
    config.contextTargets.filter((t: { contextKind: string }) => t.contextKind === 'account'),
    [{ contextKind: 'account', variation: 0, values: ['acme'] }],
  );
  const audit = await d.server.api('GET', '/api/v1/audit?project=shop&flag=new-checkout&limit=1');
  assert.equal(audit.body.items[0].comment, 'Acme asked for the beta');
  await d.shoot(page, 'customer-page');

  // The link is the customer: after a reload the page shows them again, at a phone's width too.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await checkout.getByText('Targeted individually').waitFor();
  await d.shoot(page, 'customer-page-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  await checkout.getByRole('button', { name: 'Remove acme from the targets of New checkout' }).click();
  await checkout.getByText('No target or rule matched: the default rule served').waitFor();
  await waitFor(async () => (await client.variation('new-checkout', acme, true)) === false, {
    what: 'the LaunchDarkly SDK to serve false to acme again',
  });
  assert.deepEqual((await production()).contextTargets, []);
  assert.deepEqual(console.errors, []);
});

test('a customer no SDK reported is typed in; a change racing someone else is refused and shown', {
  skip,
}, async () => {
  const { page, console } = await signedInPage(d, CUSTOMERS);
  console.allow(/status of 409/);
  await page.getByLabel('Context kind').fill('user');
  await page.getByLabel('Context key').fill('zed');
  await page.getByRole('button', { name: 'Show flags' }).click();
  await page.waitForURL(/\/customers\?kind=user&key=zed$/);
  const flags = page.getByRole('region', { name: 'Flags for user “zed” in Production' });
  const toggle = flags.getByRole('switch', { name: 'New checkout for zed' });
  await waitFor(async () => (await toggle.getAttribute('aria-checked')) === 'false', {
    what: 'zed to get false',
  });

  // With the live feed cut, the page cannot hear of someone else's change, and says so.
  await page.route('**/api/v1/projects/shop/changes', (route) => route.abort());
  console.allow(/net::ERR_FAILED/);
  await page.reload();
  await page.getByRole('status').filter({ hasText: 'Live updates lost' }).waitFor();
  await waitFor(async () => (await toggle.getAttribute('aria-checked')) === 'false', {
    what: 'zed to get false after the reload',
  });
  const theirs = await d.server.api('PUT', `${FLAG}/environments/production`, {
    on: true,
    offVariation: 1,
    fallthrough: { variation: 1 },
    targets: [{ variation: 0, values: ['vip'] }],
    comment: 'someone else',
  });
  assert.equal(theirs.status, 200);
  await toggle.click();
  const conflict = flags
    .getByRole('alert')
    .filter({ hasText: 'Someone else changed this flag in Production' });
  await conflict.waitFor();
  assert.match((await conflict.textContent()) ?? '', /Nothing was saved/);
  assert.deepEqual((await production()).targets, [{ variation: 0, values: ['vip'] }], 'theirs stands alone');
  await d.shoot(page, 'customer-conflict');

  // The page reloaded the flag's version: choosing again saves, on top of their change.
  await toggle.click();
  await waitFor(async () => (await toggle.getAttribute('aria-checked')) === 'true', {
    what: 'zed to get true after choosing again',
  });
  assert.deepEqual((await production()).targets, [{ variation: 0, values: ['vip', 'zed'] }]);

  await page.unroute('**/api/v1/projects/shop/changes');
  await page.getByRole('status').filter({ hasText: 'Live updates are back' }).waitFor({ timeout: 30_000 });
  assert.deepEqual(console.errors, []);
});
