/**
 * The dashboard in headless Chromium against a real server it serves itself: sign in with
 * a token, create a flag, search for it, turn it on with the confirmation naming the
 * environment, and read through the admin API that it is on. Screenshots go to a folder
 * the test prints.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { ADMIN_TOKEN, type TestServer } from '../../server/test/support/test-server.js';
import {
  type Dashboard,
  signedInPage,
  signInWithToken,
  skip,
  startDashboard,
} from './support/dashboard-harness.js';

let d: Dashboard;
let s: TestServer;
let browser: Dashboard['browser'];

before(async () => {
  if (skip) return;
  d = await startDashboard('flag-list');
  s = d.server;
  browser = d.browser;
  await s.api('POST', '/api/v1/projects', { key: 'web', name: 'Web shop' });
  await s.api('POST', '/api/v1/projects/web/flags', { key: 'old-banner', name: 'Old banner', tags: ['ui'] });
});

after(async () => {
  await d?.close();
});

const shoot = (page: Page, name: string) => d.shoot(page, name);

test('a person signs in with a token, creates a flag, finds it and turns it on in one environment', {
  skip,
}, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${m.text()} ${m.location().url}`);
  });

  await page.goto(`${s.url}/`);
  await page.getByRole('heading', { name: 'Sign in to Switchyard' }).waitFor();
  await signInWithToken(page, 'not-a-token');
  await page.getByRole('alert').waitFor();
  await shoot(page, '01-sign-in-refused');
  // Chromium logs the refused request itself; that one is expected.
  consoleErrors.length = 0;
  await signInWithToken(page, ADMIN_TOKEN);

  await page.getByRole('heading', { name: 'Flags' }).waitFor();
  await page.waitForURL(/\/projects\/web\/environments\/production\/flags$/); // the router updates the URL after the render
  await page.getByRole('switch', { name: 'old-banner in Production' }).waitFor();
  await shoot(page, '02-flag-list');

  await page.getByRole('button', { name: 'Create flag' }).first().click();
  const create = page.getByRole('dialog', { name: 'Create flag' });
  await create.getByLabel('Name').fill('New checkout');
  assert.equal(await create.getByLabel('Key').inputValue(), 'new-checkout');
  await create.getByLabel('Tags').fill('checkout');
  await shoot(page, '03-create-flag');
  await create.getByRole('button', { name: 'Create flag' }).click();
  await create.waitFor({ state: 'detached' });

  // The API's own refusal is shown in the form: the key is taken now.
  await page.getByRole('button', { name: 'Create flag' }).first().click();
  await create.getByLabel('Name').fill('New checkout');
  await create.getByRole('button', { name: 'Create flag' }).click();
  assert.match((await create.getByRole('alert').textContent()) ?? '', /new-checkout/);
  await shoot(page, '03b-create-refused');
  consoleErrors.length = 0; // Chromium's own log line for the refused request
  await page.keyboard.press('Escape');
  await create.waitFor({ state: 'detached' });

  await page.getByLabel('Search flags').fill('checkout');
  await page.getByRole('switch', { name: 'new-checkout in Production' }).waitFor();
  await page.getByRole('switch', { name: 'old-banner in Production' }).waitFor({ state: 'detached' });
  await page.waitForURL(/q=checkout/); // the router updates the URL after the render
  await shoot(page, '04-search');

  const toggle = page.getByRole('switch', { name: 'new-checkout in Production' });
  assert.equal(await toggle.getAttribute('aria-checked'), 'false');
  // By keyboard: the switch opens the confirmation, whose first focus is Cancel, the safe choice.
  await toggle.focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Turn on “New checkout” in Production?' });
  await confirm.waitFor();
  await shoot(page, '05-confirm-toggle');
  // The dialog moves the focus once it is drawn: wait for it there.
  await confirm.getByRole('button', { name: 'Cancel' }).and(page.locator(':focus')).waitFor();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await confirm.waitFor({ state: 'detached' });
  await page.getByRole('switch', { name: 'new-checkout in Production', checked: true }).waitFor();
  await shoot(page, '06-toggled-on');

  const flag = await s.api('GET', '/api/v1/projects/web/flags/new-checkout');
  assert.equal(flag.body.environments.production.on, true);
  assert.equal(flag.body.environments.test?.on ?? false, false, 'only the named environment changed');

  // A deep link survives a reload; at phone width the list is still usable.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await page.getByRole('switch', { name: 'new-checkout in Production' }).waitFor();
  await shoot(page, '07-phone-width');
  assert.deepEqual(consoleErrors, []);
});

test('the project switcher changes the URL, an empty project says so, and a network loss is shown and recovers', {
  skip,
}, async () => {
  await s.api('POST', '/api/v1/projects', { key: 'empty', name: 'Empty project' });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${s.url}/sign-in`);
  await signInWithToken(page, ADMIN_TOKEN);
  await page.getByRole('heading', { name: 'Flags' }).waitFor();
  await page.getByLabel('Project').selectOption({ label: 'Empty project' });
  await page.getByText('This project has no flags yet.').waitFor();
  await page.waitForURL(/\/projects\/empty\/environments\/production\/flags$/); // the router updates the URL after the render
  await shoot(page, '08-empty-project');

  await page.route('**/api/v1/projects/empty/flags', (route) => route.abort());
  await page.reload();
  // After the dashboard's own retries of a network loss.
  await page
    .getByRole('alert')
    .filter({ hasText: 'Cannot reach the Switchyard server' })
    .waitFor({ timeout: 30_000 });
  await shoot(page, '09-network-lost');
  await page.unroute('**/api/v1/projects/empty/flags');
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.getByText('This project has no flags yet.').waitFor();
});

test('the server keeps API and SDK paths its own and falls back to the dashboard for app routes', {
  skip,
}, async () => {
  const spa = await fetch(`${s.url}/projects/web/environments/production/flags`, {
    headers: { accept: 'text/html' },
  });
  assert.equal(spa.status, 200);
  assert.match(await spa.text(), /<div id="root">/);
  const api = await fetch(`${s.url}/api/v1/nothing-here`, { headers: { accept: 'text/html' } });
  assert.equal(api.status, 404);
  assert.equal(((await api.json()) as { code: string }).code, 'ROUTE_NOT_FOUND');
  const assets = join(import.meta.dirname, '../dist/web/assets');
  for (const file of readdirSync(assets).filter((f) => f.endsWith('.js')))
    assert.doesNotMatch(readFileSync(join(assets, file), 'utf8'), /fastify/i, `${file} bundles server code`);
  const sdk = await fetch(`${s.url}/sdk/nothing`);
  assert.equal(sdk.status, 404);
  assert.equal((await s.api('GET', '/health/live')).status, 200);
});

test('a long list draws its first 100 flags, and "Show more" and a search reach the rest', {
  skip,
}, async () => {
  await s.api('POST', '/api/v1/projects', { key: 'big', name: 'Big project' });
  const flags = Object.fromEntries(
    Array.from({ length: 130 }, (_, i) => {
      const key = `flag-${String(i).padStart(3, '0')}`;
      return [
        key,
        { key, on: i === 129, variations: [true, false], offVariation: 1, fallthrough: { variation: 0 } },
      ];
    }),
  );
  const imported = await s.api('PUT', '/api/v1/projects/big/environments/production/sdk-data', {
    flags,
    segments: {},
  });
  assert.equal(imported.status, 200, JSON.stringify(imported.body));
  const { page } = await signedInPage(d, '/projects/big/environments/production/flags');
  const rows = page.getByRole('table').getByRole('row');
  await page.getByText('Showing 100 of 130 flags').waitFor();
  assert.equal(await rows.count(), 101, '100 flag rows and the header');
  await page.getByRole('button', { name: 'Show 30 more' }).click();
  await page.getByText('130 flags', { exact: true }).waitFor();
  await page.getByRole('switch', { name: 'flag-129 in Production' }).waitFor();
  await page.reload();
  await page.getByLabel('Search flags').fill('flag-12');
  await page.getByText('10 flags', { exact: true }).waitFor();
  assert.equal(
    await page.getByRole('switch', { name: 'flag-129 in Production' }).getAttribute('aria-checked'),
    'true',
  );
  await page.context().close();
});
