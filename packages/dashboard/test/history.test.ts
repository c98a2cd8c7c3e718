/**
 * History: the project's audit log with each change's before/after diff, filtered by
 * person and time range in the URL; "Revert to this" on a flag's targeting change, which
 * the API then holds, as a new audited write; and each flag's and segment's own history.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitFor } from '../../server/test/support/wait-for.js';
import { type Dashboard, signedInPage, skip, startDashboard } from './support/dashboard-harness.js';

let d: Dashboard;
let bobToken: string;
const FLAG = '/api/v1/projects/shop/flags/new-checkout';
const HISTORY = '/projects/shop/environments/production/history';

const targeting = (keys: string[], comment: string) => ({
  on: true,
  offVariation: 1,
  fallthrough: { variation: 1 },
  targets: [{ variation: 0, values: keys }],
  comment,
});

async function ok(call: Promise<{ status: number; body: unknown }>) {
  const response = await call;
  assert.ok(response.status < 300, JSON.stringify(response.body));
  return response;
}

before(async () => {
  if (skip) return;
  d = await startDashboard('history');
  await ok(d.server.api('POST', '/api/v1/projects', { key: 'shop', name: 'Shop' }));
  await ok(
    d.server.api('POST', '/api/v1/projects/shop/flags', { key: 'new-checkout', name: 'New checkout' }),
  );
  await ok(d.server.api('POST', '/api/v1/projects/shop/flags', { key: 'other', name: 'Other' }));
  const bob = await ok(d.server.api('POST', '/api/v1/tokens', { name: "Bob's script", role: 'writer' }));
  bobToken = (bob.body as { token: string }).token;
  await ok(d.server.api('PUT', `${FLAG}/environments/production`, targeting(['alice'], 'alice first')));
  await ok(
    d.server.api('PUT', `${FLAG}/environments/production`, targeting(['alice', 'bob'], 'bob too'), bobToken),
  );
  await ok(
    d.server.api('POST', '/api/v1/projects/shop/environments/production/segments', {
      key: 'beta',
      name: 'Beta',
    }),
  );
  await ok(
    d.server.api('PUT', '/api/v1/projects/shop/environments/production/segments/beta', {
      name: 'Beta',
      included: ['tester-1'],
      comment: 'first tester',
    }),
  );
});

after(async () => {
  await d?.close();
});

interface Entry {
  readonly id: number;
  readonly action: string;
  readonly comment: string | null;
  readonly actor: { readonly name: string };
}

async function audit(query: string): Promise<Entry[]> {
  return (await d.server.api('GET', `/api/v1/audit?project=shop${query}`)).body.items;
}

test('the history lists changes with their diffs, filters by person and time, and reverts a flag to an earlier change', {
  skip,
}, async () => {
  const entries = await audit('&flag=new-checkout');
  const alice = entries.find((e) => e.comment === 'alice first');
  const bob = entries.find((e) => e.comment === 'bob too');
  assert.ok(alice && bob);
  const { page, console } = await signedInPage(d, HISTORY);
  await page.getByRole('heading', { name: 'History' }).waitFor();
  const log = page.getByRole('region', { name: 'Changes to the project' });
  const bobsChange = log.getByRole('article', {
    name: `Change ${bob.id}: flag.targeting.update flag new-checkout in production`,
  });
  await bobsChange.waitFor();
  assert.match((await bobsChange.textContent()) ?? '', /by Bob's script.*“bob too”/);
  await bobsChange.getByText('Before and after').click();
  const diff = (await bobsChange.getByRole('region', { name: `Change ${bob.id}` }).textContent()) ?? '';
  assert.match(diff, /added: \+\s*"bob"/);

  await log.getByLabel('Person').selectOption({ label: "Bob's script" });
  await page.waitForURL(/actor=/);
  await waitFor(async () => (await log.getByRole('article').count()) === 1, {
    what: "the list to show only Bob's change",
  });
  await bobsChange.waitFor();
  await log.getByLabel('From').fill('2099-01-01T00:00');
  await log.getByText('No change matches these filters.').waitFor();
  await log.getByLabel('From').fill('');
  await log.getByLabel('Person').selectOption({ label: 'Everyone' });
  await waitFor(async () => (await log.getByRole('article').count()) === (await audit('')).length, {
    what: 'every change of the project listed again',
  });
  await d.shoot(page, 'history-page');

  await log.getByRole('button', { name: `Revert to change ${alice.id}` }).click();
  const dialog = page.getByRole('dialog', {
    name: `Revert “new-checkout” in production to change ${alice.id}?`,
  });
  const what = (await dialog.getByRole('region', { name: 'What the revert changes' }).textContent()) ?? '';
  assert.match(what, /removed: -\s*"bob"/);
  await dialog.getByLabel('Comment for the audit log').fill('bob was a mistake');
  await d.shoot(page, 'history-revert-dialog');
  await dialog.getByRole('button', { name: 'Revert in production' }).click();
  await dialog.waitFor({ state: 'detached' });

  const config = (await d.server.api('GET', FLAG)).body.environments.production;
  assert.deepEqual(config.targets, [{ variation: 0, values: ['alice'] }]);
  const [newest] = await audit('&flag=new-checkout&limit=1');
  assert.equal(newest?.action, 'flag.targeting.revert');
  assert.equal(newest?.comment, 'bob was a mistake');
  await log
    .getByRole('article', {
      name: `Change ${newest?.id}: flag.targeting.revert flag new-checkout in production`,
    })
    .waitFor();
  assert.deepEqual(console.errors, []);
});

test("a flag's page and a segment's page show only their own history", { skip }, async () => {
  const { page, console } = await signedInPage(
    d,
    '/projects/shop/environments/production/flags/new-checkout',
  );
  const flagLog = page.getByRole('region', { name: 'Changes to this flag' });
  await flagLog.getByText('“alice first”').waitFor();
  const flagEntries = await flagLog
    .getByRole('article')
    .evaluateAll((all) => all.map((a) => a.getAttribute('aria-label')));
  assert.equal(flagEntries.length, (await audit('&flag=new-checkout')).length);
  for (const label of flagEntries) assert.match(label ?? '', / flag new-checkout/);

  await page.goto(`${d.server.url}/projects/shop/environments/production/segments/beta`);
  const segmentLog = page.getByRole('region', { name: 'Changes to this segment' });
  await segmentLog.getByText('“first tester”').waitFor();
  const segmentEntries = await segmentLog
    .getByRole('article')
    .evaluateAll((all) => all.map((a) => a.getAttribute('aria-label')));
  assert.equal(segmentEntries.length, 2, 'created and edited');
  for (const label of segmentEntries) assert.match(label ?? '', / segment beta in production/);
  assert.equal(await segmentLog.getByRole('button', { name: /Revert/ }).count(), 0, 'reverts are for flags');
  assert.deepEqual(console.errors, []);
});
