/**
 * The admin API's reference page (Swagger UI at /api/v1/reference/) in a real browser with
 * no way out to the internet: every request it makes is to this server, and it renders the
 * server's own document, grouped by tag.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Dashboard, skip, startDashboard } from './support/dashboard-harness.js';

let d: Dashboard;

before(async () => {
  if (skip) return;
  d = await startDashboard('api-reference');
});

after(async () => {
  await d?.close();
});

test('a person opens the API reference offline and finds the flag operations with their summaries', {
  skip,
}, async () => {
  const page = await d.browser.newPage();
  const elsewhere: string[] = [];
  const origin = new URL(d.server.url).origin;
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
    elsewhere.push(url);
    return route.abort();
  });
  await page.goto(`${d.server.url}/api/v1/reference/`);
  await page.getByRole('heading', { name: /Switchyard admin API/ }).waitFor({ timeout: 30_000 });
  await page.getByText('Create a flag (off in every environment)').first().waitFor({ timeout: 30_000 });
  await d.shoot(page, 'reference');
  await page
    .getByRole('heading', { name: /^flags/ })
    .first()
    .waitFor({ timeout: 30_000 });
  assert.deepEqual(elsewhere, [], 'the page asked for nothing outside this server');
  await page.close();
});
