/**
 * The one-account page of the operators' console: the account's events over time with the
 * numbers the test sent, its limits edited and saved, a sampling override set with an
 * expiry and lifted in one click, and its history of overrides (set, lifted, expired) and
 * limit changes. A reader sees all of it with nothing to edit.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createTenant, customEvents, postEvents, type Tenant } from '../../server/test/support/events.js';
import {
  createUser,
  type Dashboard,
  passwordSignedInPage,
  skip,
  startDashboard,
} from './support/dashboard-harness.js';
import { rowOf, until } from './support/operator-story.js';

let d: Dashboard;
let acme: Tenant;

const post = async (n: number) =>
  (await postEvents(d.server.url, '/bulk', customEvents(n), { auth: acme.sdkKey })).headers.get(
    'x-switchyard-events',
  );

before(async () => {
  if (skip) return;
  d = await startDashboard('account-page');
  acme = await createTenant(d.server, 'acme', { limits: { eventsPerMonth: 10_000 } });
  await createTenant(d.server, 'other');
  for (let i = 0; i < 3; i++) assert.equal(await post(10), 'accepted; durable=spool');
  const api = d.server.api;
  const cut = await api('POST', '/api/v1/accounts/acme/overrides', {
    kind: 'kill-switch',
    reason: 'a flood',
  });
  for (let i = 0; i < 2; i++) assert.equal(await post(10), 'dropped; reason=kill-switch');
  assert.equal((await api('DELETE', `/api/v1/accounts/acme/overrides/${cut.body.id}`)).status, 200);
  // One that ends by itself within the test, for the history's "expired".
  const short = await api('POST', '/api/v1/accounts/acme/overrides', {
    kind: 'per-second-limit',
    value: 1000,
    reason: 'a short squeeze',
    expiresInSeconds: 1,
  });
  assert.equal(short.status, 201);
});

after(async () => {
  await d?.close();
});

const section = (page: Page, name: string) => page.getByRole('region', { name });
const text = async (page: Page, name: string) => (await section(page, name).textContent()) ?? '';

test('the operator opens an account, reads its events, edits its per-second limit, sets and lifts a sampling override, and reads its history', {
  skip,
}, async () => {
  const ada = await createUser(d.server, 'Ada Admin', 'admin');
  const { page, console } = await passwordSignedInPage(d, ada, '/ops/accounts');
  await rowOf(page, 'acme').getByRole('link', { name: 'acme' }).click();
  await page.getByRole('heading', { name: 'acme', level: 1 }).waitFor();
  assert.match(page.url(), /\/ops\/accounts\/acme$/);

  const events = section(page, 'Events');
  const totals = events.getByRole('definition');
  await until('the last hour’s totals to show the events sent', async () => {
    const t = (await events.getByLabel('Totals, last hour').textContent()) ?? '';
    return /Accepted30/.test(t) && /Offered50/.test(t) && /Dropped: kill-switch20/.test(t);
  });
  assert.equal(await totals.count(), 3, 'accepted, offered and the one reason with drops');
  assert.match(
    (await events.getByRole('img').getAttribute('aria-label')) ?? '',
    /^Events per minute, last hour: 30 accepted, 20 dropped$/,
  );
  await d.shoot(page, '01-account-hour');
  await events.getByRole('radio', { name: 'Last week' }).check();
  await until('the week’s chart, per hour, with the same events', async () =>
    /^Events per hour, last week: 30 accepted, 20 dropped$/.test(
      (await events.getByRole('img').getAttribute('aria-label')) ?? '',
    ),
  );
  assert.match(page.url(), /range=week/);
  // The usage is the overview's, a query of its own beside the chart's: wait for its count.
  await until('the usage to count the 30 events accepted this month', async () =>
    /30 events this month of 10,000/.test(await text(page, 'Usage and limits')),
  );

  // Limits: the per-second limit saved through the API, the monthly one kept.
  const limits = section(page, 'Usage and limits');
  await limits.getByLabel('Per-second limit (events/s)').fill('250');
  await limits.getByRole('button', { name: 'Save limits' }).click();
  await limits.getByRole('status').getByText('Saved').waitFor();
  const saved = (await d.server.api('GET', '/api/v1/accounts/acme')).body;
  assert.deepEqual(saved.limits, { eventsPerMonth: 10_000, eventsPerSecond: 250 });
  assert.equal(await limits.getByLabel('Per-second limit (events/s)').inputValue(), '250');

  // A sampling override for an hour, listed, then lifted in one click.
  const overrides = section(page, 'Overrides in force');
  await overrides.getByRole('button', { name: 'Set sampling…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sample the events of acme?' });
  await dialog.getByLabel('Share of events kept').selectOption({ label: '50% kept' });
  await dialog.getByRole('button', { name: 'Set sampling' }).click();
  await dialog.getByRole('alert').getByText('Give a reason').waitFor();
  await dialog.getByLabel('Reason').fill('sampling while the pipeline catches up');
  await dialog.getByRole('radio', { name: 'In 1 hour' }).check();
  await d.shoot(page, '02-sampling-dialog');
  await dialog.getByRole('button', { name: 'Set sampling' }).click();
  await dialog.waitFor({ state: 'detached' });
  const live = (await d.server.api('GET', '/api/v1/accounts/acme/overrides?active=true')).body.items;
  const sampling = live.find((o: { kind: string }) => o.kind === 'sampling');
  assert.equal(sampling.value, 0.5);
  assert.equal(sampling.reason, 'sampling while the pipeline catches up');
  const inAnHour = Date.parse(sampling.expiresAt) - Date.parse(sampling.setAt);
  assert.ok(Math.abs(inAnHour - 3_600_000) < 5000, `it ends in an hour, not ${inAnHour} ms`);
  const item = overrides.getByRole('listitem').filter({ hasText: 'Sampling' });
  await item.getByText('50% kept, until').waitFor();
  assert.match((await item.textContent()) ?? '', /sampling while the pipeline catches up/);
  await until(
    'the short per-second override to have expired and left the list',
    async () => !/Per-second limit: 1,000\/s/.test(await text(page, 'Overrides in force')),
  );
  await d.shoot(page, '03-sampling-set');
  await item.getByRole('button', { name: 'Lift the sampling override' }).click();
  await overrides.getByText('None: the account runs on its own limits.').waitFor();
  const ended = (await d.server.api('GET', '/api/v1/accounts/acme/overrides')).body.items;
  assert.equal(ended[0].kind, 'sampling');
  assert.equal(ended[0].end, 'lifted');

  // A per-second limit for 15 minutes: the limit in force drops to it at once.
  await overrides.getByRole('button', { name: 'Set per-second limit…' }).click();
  const limitDialog = page.getByRole('dialog', { name: 'Limit the events per second of acme?' });
  await limitDialog.getByLabel('Events per second').selectOption({ label: '100/s' });
  await limitDialog.getByLabel('Reason').fill('a retry storm');
  await limitDialog.getByRole('button', { name: 'Set limit' }).click();
  await limitDialog.waitFor({ state: 'detached' });
  await overrides.getByText('Per-second limit: 100/s, until').waitFor();
  await until('the limit in force to read 100/s', async () =>
    /In force now: 100\/s/.test(await text(page, 'Usage and limits')),
  );
  const limited = (await d.server.api('GET', '/api/v1/accounts/acme/overrides?active=true')).body.items;
  assert.deepEqual(
    limited.map((o: { kind: string; value: number }) => [o.kind, o.value]),
    [['per-second-limit', 100]],
  );
  const fifteen = Date.parse(limited[0].expiresAt) - Date.parse(limited[0].setAt);
  assert.ok(Math.abs(fifteen - 900_000) < 5000, `the default expiry is 15 minutes, not ${fifteen} ms`);

  // The history, newest first: who, what, why, until when, and how each ended.
  // The expiry's entry is written by the server's expiry tick, apart from the list above: wait
  // for the whole history rather than read it once its newest row is in.
  const history = page.getByRole('table', { name: 'History' });
  const expected = [
    'Per-second limit set',
    'Sampling lifted',
    'Sampling set',
    'Changed per-second limit none → 250/s',
    'Per-second limit expired',
    'Per-second limit set',
    'Cut-off lifted',
    'Cut-off set',
    'Account created',
  ];
  const whatOf = (row: string) =>
    /(Sampling|Per-second limit|Cut-off) (set|lifted|expired)|Changed.*?\/s|Account created/.exec(row)?.[0];
  let rows: string[] = [];
  await until('the history to list every change, the per-second limit set last', async () => {
    rows = (await history.getByRole('row').allTextContents()).slice(1);
    return JSON.stringify(rows.map(whatOf)) === JSON.stringify(expected);
  }).catch(() => assert.deepEqual(rows.map(whatOf), expected, 'the history as last seen, after 30 s'));
  assert.match(rows[0] ?? '', /Ada Admin.*a retry storm.*until/);
  assert.match(rows[1] ?? '', /Ada Admin/, 'who lifted it');
  assert.match(rows[2] ?? '', /Ada Admin.*sampling while the pipeline catches up.*until/);
  assert.match(rows[4] ?? '', /override-expiry \(automatic\)/, 'the expiry ended it, by itself');
  assert.match(rows[7] ?? '', /a flood/);
  await d.shoot(page, '04-history');
  assert.deepEqual(console.errors, []);
});

test('a reader sees the account’s events, limits, overrides and history, with nothing to edit', {
  skip,
}, async () => {
  const rex = await createUser(d.server, 'Rita Reader', 'reader');
  const { page, console } = await passwordSignedInPage(d, rex, '/ops/accounts/acme');
  await page.getByRole('heading', { name: 'acme', level: 1 }).waitFor();
  await page.getByRole('table', { name: 'History' }).getByText('Account created').waitFor();
  const limits = section(page, 'Usage and limits');
  await limits.getByLabel('Limits').waitFor();
  assert.match(
    (await limits.getByLabel('Limits').textContent()) ?? '',
    /Monthly limit10,000Per-second limit250\/s/,
  );
  await section(page, 'Overrides in force').getByText('Per-second limit: 100/s, until').waitFor();
  assert.equal(await page.getByRole('textbox').count(), 0, 'no field to edit');
  assert.equal(await page.getByRole('button', { name: /^Lift/ }).count(), 0, 'no Lift button');
  for (const name of ['Save limits', 'Set sampling…', 'Set per-second limit…', 'Cut off…'])
    assert.equal(await page.getByRole('button', { name }).count(), 0, `no ${name} button`);
  await d.shoot(page, '05-reader');
  assert.deepEqual(console.errors, []);
});
