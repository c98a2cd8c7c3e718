/**
 * Signing in with email and password: a deep link kept through sign-in, a write with the
 * session cookie (the CSRF token sent), sign-out that ends the session on the server (checked
 * over HTTP), and a person changing their own password.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { send } from '../../server/test/support/cookie-client.js';
import {
  createUser,
  type Dashboard,
  openPage,
  passwordSignedInPage,
  signedInAs,
  signInWithPassword,
  skip,
  startDashboard,
} from './support/dashboard-harness.js';

let d: Dashboard;

async function sessionCookie(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'sy_session');
  assert.ok(cookie, 'the browser holds the sy_session cookie');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');
  return `sy_session=${cookie.value}`;
}

before(async () => {
  if (skip) return;
  d = await startDashboard('sign-in');
  await d.server.api('POST', '/api/v1/projects', { key: 'web', name: 'Web shop' });
  await d.server.api('POST', '/api/v1/projects/web/flags', { key: 'beta', name: 'Beta banner' });
});

after(async () => {
  await d?.close();
});

test('a person signs in by keyboard, lands on the page they asked for, writes with the cookie, and signs out for good', {
  skip,
}, async () => {
  const wren = await createUser(d.server, 'Wren Writer', 'writer');
  const { page, console } = await openPage(d);
  console.allow(/status of 401/); // the first look at /me, and the wrong password
  const deepLink = '/projects/web/environments/production/flags/beta';
  await page.goto(`${d.server.url}${deepLink}`);
  await page.getByRole('heading', { name: 'Sign in to Switchyard' }).waitFor();
  assert.equal(await page.getByRole('status').count(), 0, 'nobody was signed in: no "session ended"');

  await signInWithPassword(page, wren.email, 'not the password at all');
  assert.match((await page.getByRole('alert').textContent()) ?? '', /email or password is not right/);
  await d.shoot(page, '03-wrong-password');
  await page.getByLabel('Email').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(wren.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(wren.password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Beta banner' }).waitFor();
  assert.equal(new URL(page.url()).pathname, deepLink);
  assert.match((await signedInAs(page).textContent()) ?? '', /Wren Writer.*writer · all projects/);

  // A write with the cookie (the toggle sends the CSRF token), named in the audit log.
  await page.getByRole('link', { name: 'Flags' }).first().click();
  await page.getByRole('switch', { name: 'beta in Production' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Turn on in Production' }).click();
  await page.getByRole('switch', { name: 'beta in Production', checked: true }).waitFor();
  const audit = await d.server.api('GET', '/api/v1/audit?project=web&flag=beta');
  assert.equal(audit.body.items[0].actor.email, wren.email);

  const cookie = await sessionCookie(page);
  assert.equal((await send(d.server.url, 'GET', '/api/v1/me', { headers: { cookie } })).status, 200);
  await d.shoot(page, '04-signed-in-writer');
  await signedInAs(page).getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Switchyard' }).waitFor();
  await page.getByRole('status').getByText('You are signed out.').waitFor();

  // The server ended the session: the old cookie is refused, for reads and writes alike.
  const read = await send(d.server.url, 'GET', '/api/v1/me', { headers: { cookie } });
  assert.equal(read.status, 401);
  assert.equal(read.body.code, 'UNAUTHORIZED');
  const write = await send(
    d.server.url,
    'POST',
    '/api/v1/projects/web/flags/beta/environments/production/toggle',
    {
      headers: { cookie },
      body: { on: false },
    },
  );
  assert.equal(write.status, 401);
  await page.goto(`${d.server.url}${deepLink}`);
  await page.getByRole('heading', { name: 'Sign in to Switchyard' }).waitFor();
  assert.deepEqual(console.errors, []);
});

test('a person changes their own password; the old one no longer signs in', { skip }, async () => {
  const pat = await createUser(d.server, 'Pat Reader', 'reader');
  const { page, console } = await passwordSignedInPage(d, pat, '/projects/web/environments/production/flags');
  await signedInAs(page).getByRole('button', { name: 'Change password' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change your password' });
  await dialog.getByLabel('Current password').fill('not my password, sorry');
  await dialog.getByLabel('New password', { exact: true }).fill('pat has a newer password');
  await dialog.getByLabel('Repeat the new password').fill('pat has a newer password');
  console.allow(/status of 401/);
  await dialog.getByRole('button', { name: 'Change password' }).click();
  assert.match((await dialog.getByRole('alert').textContent()) ?? '', /current password is not right/);
  await dialog.getByLabel('Current password').fill(pat.password);
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await dialog.getByRole('status').getByText('Your password is changed').waitFor();
  await dialog.getByRole('button', { name: 'Done' }).click();
  // This tab goes on with its new session (a read, then sign-out, which is a cookie write).
  await page.reload();
  await page.getByRole('heading', { name: 'Flags' }).waitFor();
  await signedInAs(page).getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('status').getByText('You are signed out.').waitFor();
  const old = await send(d.server.url, 'POST', '/api/v1/sign-in', {
    body: { email: pat.email, password: pat.password },
  });
  assert.equal(old.status, 401);
  await signInWithPassword(page, pat.email, 'pat has a newer password');
  await page.getByRole('heading', { name: 'Flags' }).waitFor();
  assert.deepEqual(console.errors, []);
});
