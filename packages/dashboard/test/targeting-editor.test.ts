/**
 * The targeting editor end to end: a rule with a clause and a 50/50 rollout (refused at
 * the field until it adds up to 100 %), the API's own refusal shown at the field, a
 * preview evaluated in the browser that agrees with the server once saved, the diff, the
 * save read back through the admin API with its audit comment, and a racing save that ends in a conflict
 * message with the other change instead of an overwrite.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { waitFor } from '../../server/test/support/wait-for.js';
import { type Dashboard, signedInPage, skip, startDashboard } from './support/dashboard-harness.js';

let d: Dashboard;
const FLAG = '/api/v1/projects/web/flags/new-checkout';
const CONTEXT = { kind: 'user', key: 'user-7', email: 'ana@example.com' };

before(async () => {
  if (skip) return;
  d = await startDashboard('editor');
  await d.server.api('POST', '/api/v1/projects', { key: 'web', name: 'Web shop' });
  await d.server.api('POST', '/api/v1/projects/web/flags', { key: 'new-checkout', name: 'New checkout' });
});

after(async () => {
  await d?.close();
});

async function production() {
  return (await d.server.api('GET', FLAG)).body.environments.production;
}

/** What the server itself evaluates for the context (OFREP with the environment's SDK key). */
async function serverValue(): Promise<unknown> {
  const env = (await d.server.api('GET', '/api/v1/projects/web/environments/production')).body;
  const response = await fetch(`${d.server.url}/ofrep/v1/evaluate/flags/new-checkout`, {
    method: 'POST',
    headers: { authorization: env.sdkKey, 'content-type': 'application/json' },
    body: JSON.stringify({ context: { targetingKey: CONTEXT.key, kind: 'user', email: CONTEXT.email } }),
  });
  return ((await response.json()) as { value: unknown }).value;
}

const rule1 = (page: Page) => page.getByRole('group', { name: 'Rule 1', exact: true });

test('a person adds a rule with a 50/50 rollout, previews a context, reviews the diff and saves', {
  skip,
}, async () => {
  const { page, console } = await signedInPage(d, '/projects/web/environments/production/flags/new-checkout');
  console.allow(/status of 400/); // the API's refusal below, logged by Chromium
  await page.getByRole('heading', { name: 'Targeting in Production' }).waitFor();
  await page.getByRole('switch', { name: 'Targeting on in Production' }).click();

  await page.getByRole('button', { name: 'Add a rule' }).click();
  const clause = page.getByRole('group', { name: 'Clause 1 of rule 1' });
  await clause.getByLabel('Attribute').fill('/');
  await clause.getByLabel('Operator').selectOption('endsWith');
  await clause.getByLabel('Values, one per line').fill('@example.com');
  await rule1(page).getByLabel('Rule 1 serves').selectOption({ label: 'A percentage rollout' });
  await rule1(page).getByLabel('Percentage for 1: true').fill('50');
  await rule1(page).getByLabel('Percentage for 2: false').fill('40');
  await rule1(page).getByText('The percentages add up to 90 %; they must add up to 100 %').waitFor();
  const save = page.getByRole('button', { name: 'Save changes in Production' });
  assert.equal(await save.isDisabled(), true, 'no save while the weights do not add up');
  await d.shoot(page, 'editor-rollout-invalid');
  await rule1(page).getByLabel('Percentage for 2: false').fill('50');
  await rule1(page).getByText('Total 100 %').waitFor();

  // "/" is no attribute reference: the API says so, and its message is shown at the field.
  await save.click();
  const attribute = clause.getByLabel('Attribute');
  await waitFor(async () => (await attribute.getAttribute('aria-invalid')) === 'true', {
    timeoutMs: 15_000,
    what: 'the API error at the attribute field',
  });
  await clause.getByText('is not a valid attribute reference').waitFor();
  await page.getByText('The server refused the change').waitFor();
  await d.shoot(page, 'editor-api-error');
  await attribute.fill('email');

  // The preview: the engine in the browser, against the unsaved rule.
  await page.getByRole('radio', { name: 'JSON' }).check();
  await page.getByLabel('Context JSON').fill(JSON.stringify(CONTEXT, null, 2));
  const result = page.getByRole('definition').filter({ hasText: 'Matched rule 1' });
  await result.waitFor();
  const previewed = JSON.parse((await page.locator('.result dd').first().textContent()) ?? 'null') as unknown;
  assert.equal(typeof previewed, 'boolean');
  await page.getByRole('radio', { name: 'Kind and key' }).check();
  await page.getByLabel('Context key').fill('someone-else');
  await page.getByRole('definition').filter({ hasText: 'No target or rule matched' }).waitFor();
  await page.getByRole('radio', { name: 'JSON' }).check();
  await result.waitFor();
  await page.getByRole('heading', { name: 'Preview with a context' }).scrollIntoViewIfNeeded();
  await d.shoot(page, 'editor-preview');

  const diff = page.getByRole('region', { name: 'Changes to save' });
  const diffText = (await diff.textContent()) ?? '';
  assert.match(diffText, /\+\s*"op": "endsWith"/);
  assert.match(diffText, /\+\s*"weight": 50000/);
  assert.match(diffText, /-\s*"on": false/);
  await d.shoot(page, 'editor-diff');

  await page.getByLabel('Comment for the audit log').fill('Checkout beta for example.com, half of them');
  await save.click();
  await page.getByText(/Saved as version \d+/).waitFor();
  const audit = (await d.server.api('GET', '/api/v1/audit?project=web&flag=new-checkout')).body.items;
  assert.equal(
    audit[0].comment,
    'Checkout beta for example.com, half of them',
    'the comment is in the audit log',
  );
  const stored = await production();
  assert.equal(stored.on, true);
  assert.equal(stored.rules.length, 1);
  assert.deepEqual(
    stored.rules[0].clauses.map((c: { attribute: string; op: string; values: unknown[] }) => [
      c.attribute,
      c.op,
      c.values,
    ]),
    [['email', 'endsWith', ['@example.com']]],
  );
  assert.deepEqual(
    stored.rules[0].rollout.variations.map((v: { weight: number }) => v.weight),
    [50000, 50000],
  );
  // The browser's preview is what the server serves now.
  await waitFor(async () => (await serverValue()) === previewed, {
    timeoutMs: 10_000,
    what: `the server to serve ${String(previewed)} as the preview did`,
  });
  await d.shoot(page, 'editor-saved');
  assert.deepEqual(console.errors, []);
});

test('a save that races another save shows the conflict and their change, and overwrites nothing', {
  skip,
}, async () => {
  const { page, console } = await signedInPage(d, '/projects/web/environments/production/flags/new-checkout');
  console.allow(/status of 409/);
  // Cut the live feed, which would show their change before the save: this is the race at the API.
  await page.route('**/api/v1/projects/web/changes', (route) => route.abort());
  console.allow(/net::ERR_FAILED/);
  await page.reload();
  await page.getByRole('heading', { name: 'Targeting in Production' }).waitFor();
  const startedAt = (await production()).version;

  await page.getByRole('button', { name: 'Add individual targets' }).click();
  await page.getByLabel(/Context keys/).fill('vip-1, vip-2');

  // Meanwhile someone else turns the flag off.
  const other = await d.server.api('POST', `${FLAG}/environments/production/toggle`, { on: false });
  assert.equal(other.status, 200);

  await page.getByRole('button', { name: 'Save changes in Production' }).click();
  const conflict = page
    .getByRole('alert')
    .filter({ hasText: 'Someone else changed this flag in Production' });
  await conflict.waitFor();
  assert.match((await conflict.textContent()) ?? '', new RegExp(`you started from version ${startedAt}`));
  const theirs = (await conflict.getByRole('region', { name: 'Their change' }).textContent()) ?? '';
  assert.match(theirs, /-\s*"on": true/);
  assert.match(theirs, /\+\s*"on": false/);
  await d.shoot(page, 'editor-conflict');
  const after = await production();
  assert.equal(after.on, false, 'their change stands');
  assert.deepEqual(after.targets, [], 'nothing of the racing save was written');

  await conflict.getByRole('button', { name: 'Discard my edits and load theirs' }).click();
  await conflict.waitFor({ state: 'detached' });
  assert.equal(
    await page.getByRole('switch', { name: 'Targeting on in Production' }).getAttribute('aria-checked'),
    'false',
  );
  assert.equal(await page.getByLabel(/Context keys/).count(), 0, 'my edits were discarded');
  assert.deepEqual(console.errors, []);
});
