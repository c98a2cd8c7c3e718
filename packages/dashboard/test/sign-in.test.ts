/**
 * People signing in to the dashboard: the first admin created through the setup link the
 * server prints, email and password with a session cookie (CSRF token on writes, sign-out
 * ending the session on the server, checked over HTTP), a deep link kept through sign-in,
 * an ended session sending the page back to sign-in, and a token sign-in showing its role.
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
  signInWithPassword,
  signInWithToken,
  skip,
  startDashboard,
} from './support/dashboard-harness.js';

let d: Dashboard;

before(async () => {
  if (skip) return;
  d = await startDashboard('sign-in');
  await d.server.api('POST', '/api/v1/projects', { key: 'web', name: 'Web shop' });
  await d.server.api('POST', '/api/v1/projects/web/flags', { key: 'beta', name: 'Beta banner' });
});

after(async () => {
  await d?.close();
});

const header = (page: Page) => page.getByRole('region', { name: 'Signed in' });

async function sessionCookie(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'sy_session');
  assert.ok(cookie, 'the browser holds the sy_session cookie');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');
  return `sy_session=${cookie.value}`;
}

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
  await header(page).getByText('Ada Admin').waitFor();
  assert.match((await header(page).textContent()) ?? '', /ada@example\.com.*admin · all projects/);
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
  assert.match((await header(page).textContent()) ?? '', /Wren Writer.*writer · all projects/);

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
  await header(page).getByRole('button', { name: 'Sign out' }).click();
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

test('a person changes their own password; the old one no longer signs in', { skip }, async () => {
  const pat = await createUser(d.server, 'Pat Reader', 'reader');
  const { page, console } = await passwordSignedInPage(d, pat, '/projects/web/environments/production/flags');
  await header(page).getByRole('button', { name: 'Change password' }).click();
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
  await header(page).getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('status').getByText('You are signed out.').waitFor();
  const old = await send(d.server.url, 'POST', '/api/v1/sign-in', {
    body: { email: pat.email, password: pat.password },
  });
  assert.equal(old.status, 401);
  await signInWithPassword(page, pat.email, 'pat has a newer password');
  await page.getByRole('heading', { name: 'Flags' }).waitFor();
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
  assert.match((await header(page).textContent()) ?? '', /Token “support desk”.*reader · project web/);
  assert.equal(await header(page).getByRole('button', { name: 'Change password' }).count(), 0);
  assert.equal(await page.getByRole('switch').count(), 0, 'a reader token gets no toggles');
  assert.deepEqual(console.errors, []);
});
