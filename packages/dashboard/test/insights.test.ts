/**
 * Insights in the browser, with counts the test sent: the official LaunchDarkly Node SDK
 * evaluates a flag and tracks custom events through the real ingest path, a direct post
 * reports another flag's evaluations per variation, and two backdated flags are stale. The
 * flag page, the flag list's Last evaluated column and Stale filter, and the Custom events
 * page must show those numbers, not only draw a chart.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LDClient } from '@launchdarkly/node-server-sdk';
import type { Locator, Page } from 'playwright-core';
import { evaluatedAgo, flagCreatedAgo, summaryEvent } from '../../server/test/support/backdate.js';
import { postEvents } from '../../server/test/support/events.js';
import { ldClient } from '../../server/test/support/ld-sdk.js';
import { waitFor } from '../../server/test/support/wait-for.js';
import { type Dashboard, signedInPage, skip, startDashboard } from './support/dashboard-harness.js';

let d: Dashboard;
let sdk: LDClient | undefined;
const P = '/api/v1/projects/shop';
const ENV = '/projects/shop/environments/production';
const DAY = 86_400_000;
const users = ['ana', 'bo', 'cy'].map((key) => ({ kind: 'user', key }));

before(async () => {
  if (skip) return;
  d = await startDashboard('insights');
  const s = d.server;
  await s.api('POST', '/api/v1/projects', { key: 'shop', name: 'Shop' });
  await s.api('POST', `${P}/flags`, { key: 'new-checkout', name: 'New checkout' });
  await s.api('POST', `${P}/flags`, { key: 'banner', name: 'Banner text', variations: ['plain', 'festive'] });
  for (const key of ['dormant', 'rolled-out']) {
    await s.api('POST', `${P}/flags`, { key, name: key, temporary: true });
    await flagCreatedAgo(s, 'shop', key, 40 * DAY);
  }
  // Evaluated 20 days ago, one variation only.
  await evaluatedAgo(s, { account: 'default', project: 'shop' }, 20 * DAY, { 'rolled-out': [[0, 50]] });
  // On, serving true (variation 0) to everyone.
  const on = await s.api('PUT', `${P}/flags/new-checkout/environments/production`, {
    on: true,
    offVariation: 1,
    fallthrough: { variation: 0 },
    // Feature events name each context that evaluated it (summaries of server-side SDKs do not).
    trackEvents: true,
  });
  assert.equal(on.status, 200, JSON.stringify(on.body));
  const env = (await s.api('GET', `${P}/environments/production`)).body;
  sdk = ldClient(s.url, env.sdkKey);
  await sdk.waitForInitialization({ timeout: 30 });
  for (const user of users) assert.equal(await sdk.variation('new-checkout', user, false), true);
  for (const user of users) sdk.track('purchase', user);
  sdk.track('signup', { kind: 'user', key: 'ana' });
  await sdk.flush();
  const posted = await postEvents(
    s.url,
    '/bulk',
    [
      summaryEvent(Date.now(), {
        banner: [
          [0, 2],
          [1, 5],
        ],
      }),
      // Only banner's: eve must not show on new-checkout's page.
      {
        kind: 'feature',
        creationDate: Date.now(),
        key: 'banner',
        value: 'festive',
        variation: 1,
        version: 1,
        context: { kind: 'user', key: 'eve' },
      },
    ],
    { auth: env.sdkKey },
  );
  assert.equal(posted.status, 202);
  await waitFor(
    async () => {
      const summary = await s.api('GET', `${P}/environments/production/insights/summary`);
      const events = await s.api('GET', `${P}/environments/production/insights/events`);
      const total = (key: string) => summary.body.flags?.find((f: { key: string }) => f.key === key)?.total;
      const contexts = await s.api(
        'GET',
        `${P}/environments/production/insights/flags/new-checkout/contexts`,
      );
      return (
        total('new-checkout') === 3 &&
        total('banner') === 7 &&
        events.body.events?.length === 2 &&
        contexts.body.contexts?.length === 3
      );
    },
    { what: 'the SDK’s and the post’s events to reach the insights' },
  );
});

after(async () => {
  sdk?.close();
  await d?.close();
});

/** The cells of the table row whose header is `name`, as text. */
async function rowCells(table: Locator, name: string | RegExp): Promise<string[]> {
  const row = table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name }) });
  await row.waitFor();
  return row.getByRole('cell').allInnerTexts();
}

/** Waits for the chart's legend to read `expected` (uPlot draws it: no role to find it by). */
async function legendShows(insights: Locator, expected: RegExp): Promise<void> {
  const legend = insights.getByRole('img').locator('.u-legend');
  await waitFor(async () => expected.test((await legend.textContent()) ?? ''), {
    what: `the chart's legend to read ${expected}`,
  });
}

async function flagRow(page: Page, key: string): Promise<Locator> {
  const row = page.getByRole('row').filter({ hasText: key });
  await row.first().waitFor();
  return row.first();
}

test('the flag page shows evaluations per variation, the last evaluation per environment and the flag’s contexts', {
  skip,
}, async () => {
  const { page, console } = await signedInPage(d, `${ENV}/flags/banner`);
  const insights = page.getByRole('region', { name: 'Insights' });
  await insights
    .getByRole('img', { name: /Evaluations of banner per variation per hour, last 24 hours/ })
    .waitFor();
  const day = insights.getByRole('table', { name: 'Evaluations per variation, last 24 hours' });
  assert.deepEqual(await rowCells(day, '"plain" (variation 0)'), ['2']);
  assert.deepEqual(await rowCells(day, '"festive" (variation 1)'), ['5']);
  assert.deepEqual(await rowCells(day, 'All variations'), ['7']);
  // Away from the cursor, the chart's legend (uPlot's own) reads the latest hour, not "--".
  await legendShows(insights, /Hour.+"plain" \(variation 0\)\s*2.*"festive" \(variation 1\)\s*5/);

  // A month is drawn per day, from the server's daily rollup; its legend reads today.
  await insights.getByRole('radio', { name: 'Last 30 days' }).check();
  await insights
    .getByRole('img', { name: /Evaluations of banner per variation per day, last 30 days/ })
    .waitFor();
  const month = insights.getByRole('table', { name: 'Evaluations per variation, last 30 days' });
  assert.deepEqual(await rowCells(month, 'All variations'), ['7']);
  await legendShows(insights, /Day.+"plain" \(variation 0\)\s*2.*"festive" \(variation 1\)\s*5/);

  const perEnv = insights.getByRole('table', { name: 'Last evaluated per environment, last 30 days' });
  assert.deepEqual(await rowCells(perEnv, 'Production'), ['This hour', '7']);
  assert.deepEqual(await rowCells(perEnv, 'Test'), ['Never', '0']);

  const contexts = insights.getByRole('table', {
    name: 'Contexts that evaluated banner recently in Production',
  });
  await contexts.getByRole('rowheader', { name: 'eve' }).waitFor();
  // ana, bo and cy evaluated only new-checkout.
  assert.deepEqual(await contexts.getByRole('rowheader').allInnerTexts(), ['eve']);
  await insights.getByText(/From contexts seen in feature events and single-context payloads/).waitFor();
  await d.shoot(page, '01-flag-insights');
  assert.deepEqual(console.errors, []);
});

test('another flag’s page lists its own contexts, not those of the flag next to it', { skip }, async () => {
  const { page, console } = await signedInPage(d, `${ENV}/flags/new-checkout`);
  const insights = page.getByRole('region', { name: 'Insights' });
  const contexts = insights.getByRole('table', {
    name: 'Contexts that evaluated new-checkout recently in Production',
  });
  for (const user of users) await contexts.getByRole('rowheader', { name: user.key }).waitFor();
  assert.deepEqual((await contexts.getByRole('rowheader').allInnerTexts()).sort(), ['ana', 'bo', 'cy']);
  await d.shoot(page, '01b-flag-contexts');
  assert.deepEqual(console.errors, []);
});

test('the flag list shows when each flag was last evaluated, and the stale filter finds both kinds with their action', {
  skip,
}, async () => {
  const { page, console } = await signedInPage(d, `${ENV}/flags`);
  const lastEvaluated = async (key: string) =>
    (await (await flagRow(page, key)).locator('td[data-label="Last evaluated"]').textContent()) ?? '';
  await waitFor(async () => (await lastEvaluated('new-checkout')).startsWith('This hour'), {
    what: 'the Last evaluated column to fill in',
  });
  assert.match(await lastEvaluated('dormant'), /^Never\s*Not evaluated for 30 days: archive it$/);
  assert.match(
    await lastEvaluated('rolled-out'),
    /Served one variation to everyone for 30 days: remove it from code/,
  );
  await d.shoot(page, '02-flag-list-last-evaluated');

  const stale = page.getByLabel('Stale');
  await stale.selectOption({ label: 'Not evaluated for 30 days' });
  await waitFor(async () => (await page.getByRole('link', { name: 'rolled-out' }).count()) === 0, {
    what: 'the filter to leave only flags never evaluated',
  });
  assert.deepEqual(await page.locator('table.flags tbody th a').allInnerTexts(), ['dormant']);
  await d.shoot(page, '03-stale-not-evaluated');

  await stale.selectOption({ label: 'One variation to everyone for 30 days' });
  await page.getByRole('link', { name: 'rolled-out' }).waitFor();
  assert.deepEqual(await page.locator('table.flags tbody th a').allInnerTexts(), ['rolled-out']);
  assert.match(page.url(), /stale=one-variation/);
  await d.shoot(page, '04-stale-one-variation');
  assert.deepEqual(console.errors, []);
});

test('the custom events page, reached from the navigation, counts each tracked key', { skip }, async () => {
  const { page, console } = await signedInPage(d, `${ENV}/flags`);
  await page
    .getByRole('navigation', { name: 'Environment' })
    .getByRole('link', { name: 'Custom events' })
    .click();
  await page.getByRole('heading', { name: 'Custom events' }).waitFor();
  const totals = page.getByRole('table', { name: 'Custom events per key, last 24 hours' });
  assert.deepEqual(await rowCells(totals, 'purchase'), ['3', '0']);
  assert.deepEqual(await rowCells(totals, 'signup'), ['1', '0']);
  await page.getByRole('img', { name: /Custom events per key per hour/ }).waitFor();
  await page.getByRole('radio', { name: 'Last 7 days' }).check();
  const week = page.getByRole('table', { name: 'Custom events per key, last 7 days' });
  assert.deepEqual(await rowCells(week, 'purchase'), ['3', '0']);
  await d.shoot(page, '05-custom-events');
  assert.deepEqual(console.errors, []);
});
