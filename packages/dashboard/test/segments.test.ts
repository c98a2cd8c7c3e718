/**
 * Segments: create one, paste 5,000 included keys at once (split, deduplicated, counted),
 * add a rule, save, and read it all back through the admin API; the page lists the flags
 * whose rules use the segment.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Dashboard, signedInPage, skip, startDashboard } from './support/dashboard-harness.js';

let d: Dashboard;

before(async () => {
  if (skip) return;
  d = await startDashboard('segments');
  await d.server.api('POST', '/api/v1/projects', { key: 'web', name: 'Web shop' });
  await d.server.api('POST', '/api/v1/projects/web/flags', { key: 'beta-banner', name: 'Beta banner' });
  const targeting = await d.server.api(
    'PUT',
    '/api/v1/projects/web/flags/beta-banner/environments/production',
    {
      on: true,
      offVariation: 1,
      fallthrough: { variation: 1 },
      rules: [
        {
          clauses: [{ attribute: 'segmentMatch', op: 'segmentMatch', values: ['beta-testers'] }],
          variation: 0,
        },
      ],
    },
  );
  assert.equal(targeting.status, 200, JSON.stringify(targeting.body));
});

after(async () => {
  await d?.close();
});

test('a person creates a segment, pastes 5,000 keys and a rule, saves, and sees which flags use it', {
  skip,
}, async () => {
  const { page, console } = await signedInPage(d, '/projects/web/environments/production/segments');
  await page.getByText('No segments in Production yet').waitFor();
  await page.getByRole('button', { name: 'Create segment' }).click();
  const create = page.getByRole('dialog', { name: 'Create a segment in Production' });
  await create.getByLabel('Name').fill('Beta testers');
  assert.equal(await create.getByLabel('Key').inputValue(), 'beta-testers');
  await create.getByRole('button', { name: 'Create segment' }).click();
  await page.getByRole('heading', { name: 'Beta testers' }).waitFor();
  assert.match(page.url(), /\/segments\/beta-testers$/);
  await page.getByRole('link', { name: 'beta-banner' }).waitFor();

  // 5,000 keys, some on lines and some comma-separated, with 10 repeated: pasted at once.
  const keys = Array.from({ length: 5000 }, (_, i) => `customer-${i + 1}`);
  const pasted = `${keys.slice(0, 2500).join('\n')}\n${keys.slice(2500).join(', ')}\n${keys.slice(0, 10).join(' ')}`;
  await page.evaluate(
    (text) =>
      (
        globalThis as unknown as { navigator: { clipboard: { writeText(t: string): Promise<void> } } }
      ).navigator.clipboard.writeText(text),
    pasted,
  );
  await page.getByLabel('Included keys').focus();
  await page.keyboard.press('Control+V');
  await page.getByText('5,000 keys, 10 duplicates dropped').waitFor();

  await page.getByRole('button', { name: 'Add a rule' }).click();
  const clause = page.getByRole('group', { name: 'Clause 1 of rule 1' });
  await clause.getByLabel('Attribute').fill('email');
  await clause.getByLabel('Operator').selectOption('endsWith');
  await clause.getByLabel('Values, one per line').fill('@beta.example');
  await page.getByLabel('Comment for the audit log').fill('Beta wave 1');
  await page.getByRole('button', { name: 'Save segment' }).click();
  await page.getByText('Saved.').waitFor({ timeout: 60_000 });
  await d.shoot(page, 'segment-page');

  const stored = (
    await d.server.api('GET', '/api/v1/projects/web/environments/production/segments/beta-testers')
  ).body;
  assert.equal(stored.included.length, 5000);
  assert.deepEqual(new Set(stored.included), new Set(keys));
  assert.deepEqual(
    stored.rules.map(
      (r: { clauses: { attribute: string; op: string; values: string[] }[] }) => r.clauses[0]?.op,
    ),
    ['endsWith'],
  );

  // The list shows it, its size and its user; a reload of the page's deep link keeps it.
  await page.getByRole('link', { name: 'Segments' }).first().click();
  // The "Used by" count comes from a second query: wait for it rather than read the first paint.
  await page.getByRole('row', { name: /Beta testers.*5,000.*1 flag/ }).waitFor();
  await d.shoot(page, 'segment-list');
  await page.goto(`${d.server.url}/projects/web/environments/production/segments/beta-testers`);
  await page.getByText('5,000 keys').waitFor();
  await page.setViewportSize({ width: 390, height: 844 });
  await d.shoot(page, 'segment-phone');
  assert.deepEqual(console.errors, []);
});
