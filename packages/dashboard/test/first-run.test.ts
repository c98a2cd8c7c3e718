/**
 * The first run: the setup link the server prints creates the first admin, who is signed in
 * at once and shown in the header; and a token sign-in shows the token and its role.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPage, signedInAs, signInWithToken, skip } from './support/dashboard-harness.js';
import { fileDashboard } from './support/file-dashboard.js';

const d = fileDashboard('first-run', async ({ server }) => {
  await server.api('POST', '/api/v1/projects', { key: 'web', name: 'Web shop' });
  await server.api('POST', '/api/v1/projects/web/flags', { key: 'beta', name: 'Beta banner' });
});

test('the setup link the server printed creates the first admin, who is then signed in', {
  skip,
}, async () => {
  const printed = new URL(
    d.server.server.setupUrl ?? assert.fail('a server with no user prints a setup link'),
  );
  const { page, console } = await openPage(d, { width: 390, height: 844 });
  await page.goto(`${d.server.url}${printed.pathname}${printed.hash}`);
  await page.getByRole('heading', { name: 'Set up Switchyard' }).waitFor();
  await page.waitForURL((url) => url.hash === ''); // the secret leaves the address bar
  await page.getByLabel('Name').fill('Ada Admin');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByLabel('Repeat the password').fill('short');
  await page.getByRole('button', { name: 'Create admin and sign in' }).click();
  assert.match((await page.getByRole('alert').textContent()) ?? '', /at least 12 characters/);
  await page.getByLabel('Password', { exact: true }).fill('ada has a long password');
  await page.getByLabel('Repeat the password').fill('ada has a long password');
  await d.shoot(page, '01-setup-phone');
  await page.getByRole('button', { name: 'Create admin and sign in' }).click();

  await page.getByRole('heading', { name: 'Flags' }).waitFor();
  await signedInAs(page).getByText('Ada Admin').waitFor();
  assert.match((await signedInAs(page).textContent()) ?? '', /ada@example\.com.*admin · all projects/);
  await d.shoot(page, '02-first-admin-signed-in-phone');
  const users = await d.server.api('GET', '/api/v1/users');
  assert.deepEqual(
    users.body.items.map((u: { email: string; role: string }) => [u.email, u.role]),
    [['ada@example.com', 'admin']],
  );
  // The link is good once: opened again, the server says setup is done.
  await page.goto(`${d.server.url}${printed.pathname}${printed.hash}`);
  await page.getByLabel('Name').fill('Mallory');
  await page.getByLabel('Email').fill('mallory@example.com');
  await page.getByLabel('Password', { exact: true }).fill('mallory has a long password');
  await page.getByLabel('Repeat the password').fill('mallory has a long password');
  console.allow(/status of 40[19]/);
  await page.getByRole('button', { name: 'Create admin and sign in' }).click();
  await page.getByRole('link', { name: 'Go to sign-in' }).waitFor();
  assert.deepEqual(console.errors, []);
});

test('a token sign-in shows the token and its role in the header', { skip }, async () => {
  const made = await d.server.api('POST', '/api/v1/tokens', {
    name: 'support desk',
    role: 'reader',
    project: 'web',
  });
  const { page, console } = await openPage(d);
  await page.goto(`${d.server.url}/sign-in`);
  await signInWithToken(page, made.body.token);
  await page.getByRole('heading', { name: 'Flags' }).waitFor();
  // The flag and its state loaded: only then does "no switch" say something.
  await page
    .getByRole('row', { name: /Beta banner/ })
    .getByText('Off', { exact: true })
    .waitFor();
  assert.match((await signedInAs(page).textContent()) ?? '', /Token “support desk”.*reader · project web/);
  assert.equal(await signedInAs(page).getByRole('button', { name: 'Change password' }).count(), 0);
  assert.equal(await page.getByRole('switch').count(), 0, 'a reader token gets no toggles');
  assert.deepEqual(console.errors, []);
});
