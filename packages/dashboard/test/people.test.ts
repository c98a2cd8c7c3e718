/**
 * Roles in the dashboard: a reader gets no control that changes anything (and the API still
 * answers 403 when forced), and an admin adds a writer and resets a password on the People page.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { send } from '../../server/test/support/cookie-client.js';
import {
  createUser,
  type Dashboard,
  passwordSignedInPage,
  signedInAs,
  skip,
  startDashboard,
} from './support/dashboard-harness.js';

let d: Dashboard;
const env = '/projects/web/environments/production';
const betaOn = async () =>
  (await d.server.api('GET', '/api/v1/projects/web/flags/beta')).body.environments.production.on;

before(async () => {
  if (skip) return;
  d = await startDashboard('people');
  await d.server.api('POST', '/api/v1/projects', { key: 'web', name: 'Web shop' });
  await d.server.api('POST', '/api/v1/projects', { key: 'ops', name: 'Ops tools' });
  await d.server.api('POST', '/api/v1/projects/web/flags', { key: 'beta', name: 'Beta banner' });
  await d.server.api('POST', '/api/v1/projects/web/environments/production/segments', {
    key: 'staff',
    name: 'Staff',
  });
});

after(async () => {
  await d?.close();
});

test('a reader sees flags, segments and keys with nothing to change them, and a forced toggle gets 403', {
  skip,
}, async () => {
  const rita = await createUser(d.server, 'Rita Reader', 'reader');
  const { page, console } = await passwordSignedInPage(d, rita, `${env}/flags`, { width: 390, height: 844 });
  await page
    .getByRole('row', { name: /Beta banner/ })
    .getByText('Off', { exact: true })
    .waitFor();
  assert.match((await signedInAs(page).textContent()) ?? '', /reader · all projects/);
  assert.equal(await page.getByRole('switch').count(), 0, 'no toggle control');
  assert.equal(await page.getByRole('button', { name: 'Create flag' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: /Archive/ }).count(), 0);
  assert.equal(await page.getByRole('link', { name: 'People' }).count(), 0);
  await d.shoot(page, '01-reader-flags-phone');

  // The flag's targeting is shown with every control disabled; the preview still answers.
  await page.getByRole('link', { name: 'Beta banner' }).click();
  const targeting = page.getByRole('group', { name: 'Targeting in Production' });
  await targeting.getByRole('switch', { name: 'Targeting on in Production' }).waitFor();
  await page
    .getByText('Your role can view this targeting and preview contexts against it, not change it.')
    .waitFor();
  assert.equal(
    await targeting.getByRole('switch', { name: 'Targeting on in Production' }).isDisabled(),
    true,
  );
  assert.equal(await targeting.getByLabel('When off, serve').isDisabled(), true);
  assert.equal(await targeting.getByRole('button', { name: 'Add a rule' }).isDisabled(), true);
  assert.equal(await targeting.getByLabel('Available to browser SDKs (client-side ID)').isDisabled(), true);
  const controls = targeting.locator('input, select, textarea, button');
  assert.ok((await controls.count()) > 5, 'the targeting is shown, not hidden');
  assert.equal(
    await targeting.locator('input:enabled, select:enabled, textarea:enabled, button:enabled').count(),
    0,
  );
  assert.equal(await page.getByRole('button', { name: 'Save changes in Production' }).count(), 0);
  assert.equal(await page.getByLabel('Comment for the audit log (optional)').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Archive flag' }).count(), 0);
  await page.getByLabel('Context key').fill('rita-checks-a-customer');
  const result = page.getByRole('definition').filter({ hasText: 'OFF' });
  await result.waitFor();
  assert.match((await page.getByLabel('Preview result').textContent()) ?? '', /false.*OFF/);
  await d.shoot(page, '01b-reader-flag-phone');

  await page.getByRole('link', { name: 'Segments' }).click();
  await page.getByRole('link', { name: 'Staff' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Create segment' }).count(), 0);
  await page.getByRole('link', { name: 'Keys' }).click();
  await page.getByRole('heading', { name: 'SDK key' }).waitFor();
  assert.equal(await page.getByRole('button', { name: /Rotate/ }).count(), 0);

  // Forced with the page's own cookie and CSRF token, the API still refuses.
  console.allow(/status of 403/);
  const forced = await page.evaluate(async () => {
    const me = (await (await fetch('/api/v1/me')).json()) as { csrfToken: string };
    const r = await fetch('/api/v1/projects/web/flags/beta/environments/production/toggle', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
      body: JSON.stringify({ on: true }),
    });
    return { status: r.status, code: ((await r.json()) as { code: string }).code };
  });
  assert.deepEqual(forced, { status: 403, code: 'FORBIDDEN' });
  assert.equal(await betaOn(), false);
  assert.deepEqual(console.errors, []);
});

test('an admin adds a writer for one project and resets a password; the writer toggles but manages no one', {
  skip,
}, async () => {
  const alma = await createUser(d.server, 'Alma Admin', 'admin');
  const admin = await passwordSignedInPage(d, alma, `${env}/flags`);
  await admin.page.getByRole('link', { name: 'People' }).click();
  await admin.page.getByRole('heading', { name: 'People' }).waitFor();
  await admin.page.getByRole('button', { name: 'Add user' }).click();
  const add = admin.page.getByRole('dialog', { name: 'Add a user' });
  await add.getByLabel('Name').fill('Walt Writer');
  await add.getByLabel('Email').fill('walt@example.com');
  await add.getByLabel('Role').selectOption('writer');
  await add.getByLabel('Projects').selectOption({ label: 'Only Web shop' });
  await add.getByLabel('First password').fill('walt has a first password');
  await d.shoot(admin.page, '02-add-user');
  await add.getByRole('button', { name: 'Add user' }).click();
  await add.waitFor({ state: 'detached' });
  const row = admin.page.getByRole('row', { name: /Walt Writer/ });
  await row.getByRole('cell', { name: 'walt@example.com', exact: true }).waitFor();
  assert.match((await row.textContent()) ?? '', /writer.*web.*Active/);
  const users = (await d.server.api('GET', '/api/v1/users')).body.items as Array<Record<string, unknown>>;
  const walt = users.find((u) => u.email === 'walt@example.com');
  assert.equal(walt?.role, 'writer');
  assert.equal(walt?.projectKey, 'web');
  await d.shoot(admin.page, '03-people');
  await admin.page.setViewportSize({ width: 390, height: 844 });
  await d.shoot(admin.page, '03b-people-phone');
  await admin.page.setViewportSize({ width: 1280, height: 800 });

  // The writer signs in: a toggle works, People is not offered, and its URL says why.
  const writer = await passwordSignedInPage(
    d,
    {
      id: String(walt?.id),
      email: 'walt@example.com',
      name: 'Walt Writer',
      password: 'walt has a first password',
    },
    `${env}/flags`,
  );
  assert.match((await signedInAs(writer.page).textContent()) ?? '', /writer · project web/);
  assert.equal(await writer.page.getByRole('link', { name: 'People' }).count(), 0);
  await writer.page.getByRole('switch', { name: 'beta in Production' }).click();
  await writer.page.getByRole('dialog').getByRole('button', { name: 'Turn on in Production' }).click();
  await writer.page.getByRole('switch', { name: 'beta in Production', checked: true }).waitFor();
  assert.equal(await betaOn(), true);
  await writer.page.goto(`${d.server.url}${env}/people`);
  await writer.page.getByText('Managing people needs the admin role for every project.').waitFor();

  // The admin resets Walt's password: the new one signs in, the old one no longer does.
  await admin.page.getByRole('button', { name: 'Reset password of walt@example.com' }).click();
  const reset = admin.page.getByRole('dialog', { name: 'Reset the password of Walt Writer' });
  await reset.getByLabel('New password').fill('walt has a second password');
  await reset.getByRole('button', { name: 'Set new password' }).click();
  await reset.waitFor({ state: 'detached' });
  const signIn = (password: string) =>
    send(d.server.url, 'POST', '/api/v1/sign-in', { body: { email: 'walt@example.com', password } });
  assert.equal((await signIn('walt has a first password')).status, 401);
  assert.equal((await signIn('walt has a second password')).status, 200);
  assert.deepEqual(admin.console.errors, []);
  assert.deepEqual(writer.console.errors, []);
});

test('an admin changes a role and project in one dialog, and cannot demote the last admin for every project', {
  skip,
}, async () => {
  const olga = await createUser(d.server, 'Olga Owner', 'admin');
  const pia = await createUser(d.server, 'Pia Product', 'writer');
  // Olga becomes the only active admin for every project (test order does not matter).
  const users = (await d.server.api('GET', '/api/v1/users')).body.items as Array<Record<string, unknown>>;
  for (const u of users.filter((u) => u.id !== olga.id && u.role === 'admin' && u.projectKey === null))
    assert.equal(
      (await d.server.api('PATCH', `/api/v1/users/${String(u.id)}`, { disabled: true })).status,
      200,
    );
  const { page, console } = await passwordSignedInPage(d, olga, `${env}/people`);

  await page.getByRole('button', { name: `Change role of ${pia.email}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Change the role of Pia Product' });
  assert.equal(await dialog.getByLabel('Role').inputValue(), 'writer', 'the dialog starts from the user');
  assert.equal(await dialog.getByLabel('Projects').inputValue(), '');
  await dialog.getByLabel('Role').selectOption('admin');
  await dialog.getByLabel('Projects').selectOption({ label: 'Only Ops tools' });
  await d.shoot(page, '04-change-role');
  await dialog.getByRole('button', { name: 'Change role' }).click();
  await dialog.waitFor({ state: 'detached' });
  const row = page.getByRole('row', { name: /Pia Product/ });
  await row.getByRole('cell', { name: 'ops', exact: true }).waitFor();
  assert.match((await row.textContent()) ?? '', /admin.*ops.*Active/);
  const stored = (await d.server.api('GET', `/api/v1/users/${pia.id}`)).body;
  assert.deepEqual([stored.role, stored.projectKey], ['admin', 'ops']);

  // Pia is an admin of one project only, so Olga is still the last one for every project.
  console.allow(/status of 409/);
  await page.getByRole('button', { name: `Change role of ${olga.email}` }).click();
  const own = page.getByRole('dialog', { name: 'Change the role of Olga Owner' });
  await own.getByLabel('Role').selectOption('reader');
  await own.getByRole('button', { name: 'Change role' }).click();
  await own
    .getByRole('alert')
    .getByText(/last active admin for every project/)
    .waitFor();
  await d.shoot(page, '05-last-admin-refused');
  const me = (await d.server.api('GET', `/api/v1/users/${olga.id}`)).body;
  assert.deepEqual([me.role, me.projectKey, me.disabled], ['admin', null, false]);
  await own.getByRole('button', { name: 'Cancel' }).click();
  await own.waitFor({ state: 'detached' });

  // With Pia made an admin for every project, Olga may step down, and the page follows at once.
  await page.getByRole('button', { name: `Change role of ${pia.email}` }).click();
  const widen = page.getByRole('dialog', { name: 'Change the role of Pia Product' });
  await widen.getByLabel('Projects').selectOption('');
  await widen.getByRole('button', { name: 'Change role' }).click();
  await widen.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: `Change role of ${olga.email}` }).click();
  await own.getByLabel('Role').selectOption('writer');
  await own.getByRole('button', { name: 'Change role' }).click();
  await page.getByText('Managing people needs the admin role for every project.').waitFor();
  assert.equal(await page.getByRole('link', { name: 'People' }).count(), 0);
  assert.match((await signedInAs(page).textContent()) ?? '', /writer · all projects/);
  assert.deepEqual(console.errors, []);
});
