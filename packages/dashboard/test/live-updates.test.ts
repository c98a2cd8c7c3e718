/**
 * Live updates: with the dashboard open, changes another session makes through the API
 * appear in the flag list, the history, a flag's targeting and a segment's keys, without
 * a reload (the page is the same document throughout).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { waitFor } from '../../server/test/support/wait-for.js';
import { type Dashboard, signedInPage, skip, startDashboard } from './support/dashboard-harness.js';

let d: Dashboard;
const PROJECT = '/api/v1/projects/shop';

before(async () => {
  if (skip) return;
  d = await startDashboard('live');
  await d.server.api('POST', '/api/v1/projects', { key: 'shop', name: 'Shop' });
  await d.server.api('POST', `${PROJECT}/flags`, { key: 'new-checkout', name: 'New checkout' });
  await d.server.api('POST', `${PROJECT}/environments/production/segments`, { key: 'beta', name: 'Beta' });
});

after(async () => {
  await d?.close();
});

/** Another session's write: the API, with the admin token, not this page. */
async function elsewhere(method: string, path: string, body: unknown) {
  const response = await d.server.api(method, `${PROJECT}${path}`, body);
  assert.ok(response.status < 300, JSON.stringify(response.body));
}

const sameDocument = (page: Page) =>
  page.evaluate(() => (globalThis as { marker?: string }).marker === 'not reloaded');

test("another session's changes appear in the open pages without a reload", { skip }, async () => {
  const { page, console } = await signedInPage(d, '/projects/shop/environments/production/flags');
  const toggle = page.getByRole('switch', { name: 'new-checkout in Production' });
  await waitFor(async () => (await toggle.getAttribute('aria-checked')) === 'false', {
    what: 'the flag off',
  });
  await page.evaluate(() => {
    (globalThis as { marker?: string }).marker = 'not reloaded';
  });

  await elsewhere('POST', '/flags/new-checkout/environments/production/toggle', { on: true });
  await waitFor(async () => (await toggle.getAttribute('aria-checked')) === 'true', {
    what: 'the flag list to show the flag on',
  });

  const nav = page.getByRole('navigation', { name: 'Environment' });
  await nav.getByRole('link', { name: 'History' }).click();
  await page.getByRole('heading', { name: 'History' }).waitFor();
  await elsewhere('POST', '/flags/new-checkout/environments/production/toggle', {
    on: false,
    comment: 'turned off from a script',
  });
  await page.getByText('“turned off from a script”').waitFor({ timeout: 30_000 });

  await nav.getByRole('link', { name: 'Flags' }).click();
  await page.getByRole('link', { name: 'New checkout' }).click();
  await page.getByRole('heading', { name: 'Targeting in Production' }).waitFor();
  await elsewhere('PUT', '/flags/new-checkout/environments/production', {
    on: false,
    offVariation: 1,
    fallthrough: { variation: 0 },
    targets: [{ variation: 0, values: ['carol'] }],
  });
  const keys = page.getByLabel(/Context keys/);
  await waitFor(async () => (await keys.count()) === 1 && (await keys.inputValue()) === 'carol', {
    what: 'the targeting editor to show the target another session added',
  });

  await nav.getByRole('link', { name: 'Segments' }).click();
  await page.getByRole('link', { name: 'Beta' }).click();
  const included = page.getByLabel('Included keys');
  await included.waitFor();
  await elsewhere('PUT', '/environments/production/segments/beta', { name: 'Beta', included: ['tester-1'] });
  await waitFor(async () => (await included.inputValue()) === 'tester-1', {
    what: 'the segment page to show the key another session included',
  });
  await d.shoot(page, 'live-segment');

  assert.equal(await sameDocument(page), true, 'the page was never reloaded');
  assert.deepEqual(console.errors, []);
});
