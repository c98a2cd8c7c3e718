/**
 * A session ended on the server (a password reset, a disabled user) sends the open page to
 * sign-in with a message on its next request, and sign-in comes back to the page.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  createUser,
  type Dashboard,
  passwordSignedInPage,
  signInWithPassword,
  skip,
  startDashboard,
} from './support/dashboard-harness.js';

let d: Dashboard;
const env = '/projects/web/environments/production';

before(async () => {
  if (skip) return;
  d = await startDashboard('session-ended');
  await d.server.api('POST', '/api/v1/projects', { key: 'web', name: 'Web shop' });
  await d.server.api('POST', '/api/v1/projects/web/flags', { key: 'beta', name: 'Beta banner' });
});

after(async () => {
  await d?.close();
});

test('a session ended on the server sends the open page to sign-in with a message, and back after', {
  skip,
}, async () => {
  const sam = await createUser(d.server, 'Sam Session', 'writer');
  const { page, console } = await passwordSignedInPage(d, sam, '/projects/web/environments/production/flags');
  await page.getByRole('switch', { name: 'beta in Production' }).waitFor();
  // An admin resets Sam's password: every session of theirs ends.
  const reset = await d.server.api('POST', `/api/v1/users/${sam.id}/reset-password`, {
    password: 'sam has a brand new password',
  });
  assert.equal(reset.status, 204);
  console.allow(/status of 401/);
  await page.getByRole('link', { name: 'Segments' }).click();
  await page.getByRole('heading', { name: 'Sign in to Switchyard' }).waitFor();
  await page.getByRole('status').getByText('Your session has ended').waitFor();
  await d.shoot(page, '05-session-ended');
  await signInWithPassword(page, sam.email, 'sam has a brand new password');
  await page.getByRole('heading', { name: 'Segments in Production' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/projects/web/environments/production/segments');
  assert.deepEqual(console.errors, []);
});

test('a disabled user is sent to sign-in on the next request of their open page, and is let in again once enabled', {
  skip,
}, async () => {
  const ari = await createUser(d.server, 'Ari Admin', 'admin');
  const dana = await createUser(d.server, 'Dana Disabled', 'writer');
  const admin = await passwordSignedInPage(d, ari, `${env}/people`);
  const victim = await passwordSignedInPage(d, dana, `${env}/flags`);
  await victim.page.getByRole('switch', { name: 'beta in Production' }).waitFor();

  await admin.page.getByRole('button', { name: `Disable ${dana.email}` }).click();
  const confirm = admin.page.getByRole('dialog', { name: 'Disable Dana Disabled?' });
  await confirm.getByRole('button', { name: 'Disable user' }).click();
  await confirm.waitFor({ state: 'detached' });
  await admin.page
    .getByRole('row', { name: /Dana Disabled/ })
    .getByRole('cell', { name: 'Disabled', exact: true })
    .waitFor();
  assert.equal(
    await admin.page.getByRole('button', { name: `Disable ${ari.email}` }).count(),
    0,
    'not oneself',
  );

  victim.console.allow(/status of 40[13]/);
  await victim.page.getByRole('link', { name: 'Segments' }).click();
  await victim.page.getByRole('heading', { name: 'Sign in to Switchyard' }).waitFor();
  await victim.page.getByRole('status').getByText('Your session has ended').waitFor();
  await signInWithPassword(victim.page, dana.email, dana.password);
  assert.match((await victim.page.getByRole('alert').textContent()) ?? '', /disabled/);
  await d.shoot(victim.page, '04-disabled-user');

  await admin.page.getByRole('button', { name: `Enable ${dana.email}` }).click();
  await admin.page
    .getByRole('row', { name: /Dana Disabled/ })
    .getByRole('cell', { name: 'Active', exact: true })
    .waitFor();
  await signInWithPassword(victim.page, dana.email, dana.password);
  await victim.page.getByRole('heading', { name: 'Segments in Production' }).waitFor();
  assert.deepEqual(admin.console.errors, []);
  assert.deepEqual(victim.console.errors, []);
});
