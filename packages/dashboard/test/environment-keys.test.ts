/**
 * The keys page: each key of the environment can be copied ("Copied", and the clipboard
 * holds it) and rotated behind a confirmation naming the key and the environment; the
 * new value is shown and is the one the API now has.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Dashboard, signedInPage, skip, startDashboard } from './support/dashboard-harness.js';

let d: Dashboard;

before(async () => {
  if (skip) return;
  d = await startDashboard('keys');
  await d.server.api('POST', '/api/v1/projects', { key: 'web', name: 'Web shop' });
});

after(async () => {
  await d?.close();
});

test('a person copies the mobile key and rotates the SDK key after confirming, and sees the new key', {
  skip,
}, async () => {
  const before = (await d.server.api('GET', '/api/v1/projects/web/environments/production')).body;
  const { page, console } = await signedInPage(d, '/projects/web/environments/production/keys');
  await page.getByRole('heading', { name: 'Keys of Production' }).waitFor();

  assert.equal(await page.getByRole('textbox', { name: 'Mobile key' }).inputValue(), before.mobileKey);
  assert.notEqual(
    await page.getByRole('textbox', { name: 'SDK key' }).inputValue(),
    before.sdkKey,
    'the SDK key starts hidden',
  );
  await page.getByRole('button', { name: 'Copy the mobile key' }).click();
  await page.getByText('Copied').waitFor();
  assert.equal(await page.evaluate('navigator.clipboard.readText()'), before.mobileKey);
  await d.shoot(page, 'keys-page');

  await page.getByRole('button', { name: 'Rotate the SDK key' }).click();
  const confirm = page.getByRole('dialog', { name: 'Rotate the SDK key of Production?' });
  await confirm.waitFor();
  await d.shoot(page, 'keys-rotate-confirm');
  // Cancel first: nothing changes.
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await confirm.waitFor({ state: 'detached' });
  const unchanged = (await d.server.api('GET', '/api/v1/projects/web/environments/production')).body;
  assert.equal(unchanged.sdkKey, before.sdkKey);

  await page.getByRole('button', { name: 'Rotate the SDK key' }).click();
  await confirm.getByRole('button', { name: 'Rotate the SDK key of Production' }).click();
  await confirm.waitFor({ state: 'detached' });
  await page.getByText('This is the new SDK key').waitFor();
  const rotated = (await d.server.api('GET', '/api/v1/projects/web/environments/production')).body;
  assert.notEqual(rotated.sdkKey, before.sdkKey);
  assert.equal(
    await page.getByRole('textbox', { name: 'SDK key' }).inputValue(),
    rotated.sdkKey,
    'the new value is shown',
  );
  assert.equal(rotated.mobileKey, before.mobileKey, 'only the SDK key changed');
  await d.shoot(page, 'keys-rotated');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await page.getByRole('heading', { name: 'Keys of Production' }).waitFor();
  await d.shoot(page, 'keys-phone');
  assert.deepEqual(console.errors, []);
});
