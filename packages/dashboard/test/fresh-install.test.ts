/**
 * A fresh install (no project but the platform's own): whoever signs in gets the app's header
 * and a clear way to the first project, not the operational flags of the system project.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createUser, passwordSignedInPage, signedInAs, skip } from './support/dashboard-harness.js';
import { fileDashboard } from './support/file-dashboard.js';

const d = fileDashboard('fresh-install');

test('a reader on a fresh install sees the header and who can create the first project', {
  skip,
}, async () => {
  const rita = await createUser(d.server, 'Rita Reader', 'reader');
  const { page, console } = await passwordSignedInPage(d, rita, '/', { width: 390, height: 844 });
  await page.getByRole('heading', { name: 'Create your first project' }).waitFor();
  await page.getByText('Only an admin for every project can create one').waitFor();
  assert.match((await signedInAs(page).textContent()) ?? '', /Rita Reader.*reader · all projects/);
  assert.equal(await page.getByRole('button', { name: 'Create project' }).count(), 0);
  assert.equal(new URL(page.url()).pathname, '/');
  await d.shoot(page, '01-fresh-reader-phone');
  assert.deepEqual(console.errors, []);
});

test('an admin on a fresh install creates the first project from the start page and lands on its flags', {
  skip,
}, async () => {
  const ada = await createUser(d.server, 'Ada Admin', 'admin');
  const { page, console } = await passwordSignedInPage(d, ada, '/');
  await page.getByRole('heading', { name: 'Create your first project' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/', 'not sent into the system project');
  await page.getByRole('banner').getByRole('link', { name: 'Operations' }).waitFor();
  await page.getByLabel('Project name').fill('Web shop');
  assert.equal(await page.getByLabel('Project key').inputValue(), 'web-shop', 'the key follows the name');
  await d.shoot(page, '02-fresh-admin');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('heading', { name: 'Flags' }).waitFor();
  await page.waitForURL((url) => url.pathname === '/projects/web-shop/environments/production/flags');
  assert.equal(await page.getByLabel('Project').inputValue(), 'web-shop');
  const made = await d.server.api('GET', '/api/v1/projects/web-shop');
  assert.deepEqual(
    made.body.environments.map((e: { key: string }) => e.key),
    ['production', 'test'],
  );
  await d.shoot(page, '03-first-project-flags');

  // Opened again once a project exists, the page is for another project.
  await page.goto(`${d.server.url}/new-project`);
  await page.getByRole('heading', { name: 'Create a project' }).waitFor();
  assert.deepEqual(console.errors, []);
});
