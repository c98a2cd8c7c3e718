/**
 * At a phone's width (390×844) the environment's tabs all stay on screen and usable, and
 * neither the flag list nor a flag page makes the document scroll sideways.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { type Dashboard, signedInPage, skip, startDashboard } from './support/dashboard-harness.js';

let d: Dashboard;
const env = '/projects/web/environments/production';
const TABS = ['Flags', 'Segments', 'Customers', 'History', 'Keys', 'People'];

before(async () => {
  if (skip) return;
  d = await startDashboard('phone-width');
  await d.server.api('POST', '/api/v1/projects', { key: 'web', name: 'Web shop' });
  await d.server.api('POST', '/api/v1/projects/web/flags', {
    key: 'checkout-redesign-with-a-rather-long-key',
    name: 'Checkout redesign',
    tags: ['checkout', 'team:web'],
  });
  const targeting = await d.server.api(
    'PUT',
    '/api/v1/projects/web/flags/checkout-redesign-with-a-rather-long-key/environments/production',
    {
      on: true,
      offVariation: 1,
      fallthrough: { variation: 1 },
      targets: [{ variation: 0, values: ['customer-with-a-long-key-0001', 'customer-0002'] }],
      rules: [
        {
          clauses: [{ attribute: 'email', op: 'endsWith', values: ['@example.com'], negate: false }],
          rollout: {
            variations: [
              { variation: 0, weight: 25000 },
              { variation: 1, weight: 75000 },
            ],
          },
        },
      ],
    },
  );
  assert.equal(targeting.status, 200, JSON.stringify(targeting.body));
});

after(async () => {
  await d?.close();
});

/** An element's scrolled width against its box (the page's own DOM, measured in the browser). */
const reach = (element: Locator) =>
  element.evaluate((e: { scrollWidth: number; clientWidth: number }) => ({
    scroll: e.scrollWidth,
    client: e.clientWidth,
  }));

/** How far the document and the tab bar reach past their boxes, and every tab's right edge. */
async function widths(page: Page) {
  const nav = page.getByRole('navigation', { name: 'Environment' });
  const tabs = await nav.getByRole('link').all();
  return {
    document: await reach(page.locator('html')),
    nav: await reach(nav),
    tabsRight: await Promise.all(
      tabs.map(async (tab) => {
        const box = await tab.boundingBox();
        return box ? box.x + box.width : Number.POSITIVE_INFINITY;
      }),
    ),
  };
}

async function assertFits(page: Page, where: string) {
  const w = await widths(page);
  assert.ok(
    w.document.scroll <= w.document.client,
    `${where}: the document scrolls sideways (${w.document.scroll} > ${w.document.client})`,
  );
  assert.ok(
    w.nav.scroll <= w.nav.client,
    `${where}: tabs hidden past the edge (${w.nav.scroll} > ${w.nav.client})`,
  );
  assert.ok(
    w.tabsRight.every((right) => right <= 390),
    `${where}: a tab ends past the screen: ${w.tabsRight.join(', ')}`,
  );
}

test('at 390 px every environment tab is on screen, and the flag list and a flag page do not scroll sideways', {
  skip,
}, async () => {
  const { page, console } = await signedInPage(d, `${env}/flags`, { width: 390, height: 844 });
  await page.getByRole('link', { name: 'Checkout redesign' }).waitFor();
  const nav = page.getByRole('navigation', { name: 'Environment' });
  for (const tab of TABS) assert.ok(await nav.getByRole('link', { name: tab }).isVisible(), `${tab} tab`);
  await assertFits(page, 'flag list');
  await d.shoot(page, '01-flag-list-phone');

  await page.getByRole('link', { name: 'Checkout redesign' }).click();
  await page.getByRole('button', { name: 'Save changes in Production' }).waitFor();
  await assertFits(page, 'flag page');
  await d.shoot(page, '02-flag-page-phone');

  // The tabs are usable where they wrapped: the last one opens its page.
  await nav.getByRole('link', { name: 'People' }).click();
  await page.getByRole('heading', { name: 'People' }).waitFor();
  await page.getByText('No one signs in with a password yet').waitFor();
  await assertFits(page, 'people page');
  await d.shoot(page, '03-people-phone');
  assert.deepEqual(console.errors, []);
});
