/**
 * Archiving and restoring: from the list (the flag leaves it and shows under "Archived
 * flags") and from the flag's own page, each behind a confirmation, checked through the API.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Dashboard, signedInPage, skip, startDashboard } from './support/dashboard-harness.js';

let d: Dashboard;

before(async () => {
  if (skip) return;
  d = await startDashboard('archive');
  await d.server.api('POST', '/api/v1/projects', { key: 'web', name: 'Web shop' });
  await d.server.api('POST', '/api/v1/projects/web/flags', { key: 'old-banner', name: 'Old banner' });
  await d.server.api('POST', '/api/v1/projects/web/flags', { key: 'keep-me', name: 'Keep me' });
});

after(async () => {
  await d?.close();
});

const archived = async (key: string): Promise<boolean> =>
  (await d.server.api('GET', `/api/v1/projects/web/flags/${key}`)).body.flag.archived;

test('a flag is archived from the list, found under the archived filter, and restored from its page', {
  skip,
}, async () => {
  const { page, console } = await signedInPage(d, '/projects/web/environments/production/flags');
  await page.getByRole('switch', { name: 'old-banner in Production' }).waitFor();

  await page.getByRole('button', { name: 'Archive old-banner' }).click();
  const confirm = page.getByRole('dialog', { name: 'Archive “Old banner”?' });
  await confirm.getByRole('button', { name: 'Archive flag' }).click();
  await confirm.waitFor({ state: 'detached' });
  await page.getByRole('switch', { name: 'old-banner in Production' }).waitFor({ state: 'detached' });
  await page.getByRole('switch', { name: 'keep-me in Production' }).waitFor();
  assert.equal(await archived('old-banner'), true);
  assert.equal(await archived('keep-me'), false);

  await page.getByLabel('Show').selectOption({ label: 'Archived flags' });
  await page.getByRole('button', { name: 'Restore old-banner' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Restore keep-me' }).count(), 0);
  await page.waitForURL(/archived=true/); // the router updates the URL after the render
  await d.shoot(page, 'archived-list');

  // The flag's page, by its link; a reload of the deep link shows the same page.
  await page.getByRole('link', { name: 'Old banner' }).click();
  await page.getByRole('heading', { name: 'Old banner' }).waitFor();
  await page.reload();
  await page.getByText('This flag is archived').waitFor();
  await page.getByRole('button', { name: 'Restore flag' }).click();
  await page
    .getByRole('dialog', { name: 'Restore “Old banner”?' })
    .getByRole('button', { name: 'Restore flag' })
    .click();
  await page.getByRole('heading', { name: 'Targeting in Production' }).waitFor();
  assert.equal(await archived('old-banner'), false);

  // And archived again from its page.
  await page.getByRole('button', { name: 'Archive flag' }).click();
  await page
    .getByRole('dialog', { name: 'Archive “Old banner”?' })
    .getByRole('button', { name: 'Archive flag' })
    .click();
  await page.getByText('This flag is archived').waitFor();
  assert.equal(await archived('old-banner'), true);
  assert.deepEqual(console.errors, []);
});
