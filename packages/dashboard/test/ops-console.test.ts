/**
 * The operators' console end to end: three accounts post events, one much more; the operator
 * finds it at the top of the accounts overview, cuts it off with a reason until a time 40
 * seconds ahead, its posts are dropped (kill-switch) while the others carry on, and after the
 * expiry it publishes again with no one touching it. A reader sees the same with nothing to act on,
 * and a cut-off until lifted ends with one click on Lift.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  createTenant,
  customEvents,
  postEvents,
  type Tenant,
  waitFor,
} from '../../server/test/support/events.js';
import {
  createUser,
  type Dashboard,
  passwordSignedInPage,
  signedInPage,
  skip,
  startDashboard,
} from './support/dashboard-harness.js';

let d: Dashboard;
const tenants: Record<'calm' | 'steady' | 'spiky', Tenant> = {} as never;
/** Events per post: the spiking account sends twenty times as many. */
const SIZES = { calm: 5, steady: 5, spiky: 100 } as const;
const ACCEPTED = 'accepted; durable=spool';
const DROPPED = 'dropped; reason=kill-switch';

before(async () => {
  if (skip) return;
  d = await startDashboard('ops-console');
  for (const key of ['calm', 'steady', 'spiky'] as const) tenants[key] = await createTenant(d.server, key);
});

after(async () => {
  await d?.close();
});

const post = async (key: keyof typeof SIZES) =>
  (
    await postEvents(d.server.url, '/bulk', customEvents(SIZES[key]), { auth: tenants[key].sdkKey })
  ).headers.get('x-switchyard-events');

/** Keeps all three accounts posting until stopped; bounded in count and time whatever happens. */
function traffic(): { stop: () => Promise<void> } {
  let running = true;
  const deadline = Date.now() + 150_000;
  const loop = (async () => {
    for (let i = 0; running && i < 20_000 && Date.now() < deadline; i++) {
      await Promise.all([post('calm'), post('steady'), post('spiky')]);
      // Paces the load (a dropped post is cheap) on a machine the other tests share; no condition waits on it.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

const accounts = (page: Page) => page.getByRole('table', { name: 'Accounts' });
const rowOf = (page: Page, key: string) => accounts(page).getByRole('row', { name: new RegExp(`^${key}`) });

/** The accepted events per second a row shows now. */
async function rateOf(row: Locator): Promise<number> {
  const text = (await row.getByRole('cell').first().textContent()) ?? '';
  const match = /^([\d,]+)\/s/.exec(text);
  if (!match?.[1]) throw new Error(`no rate in "${text}"`);
  return Number(match[1].replace(/,/g, ''));
}

/** Polls the page until `check` holds, naming the condition when the deadline passes. */
async function until(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  await waitFor(async () => ((await check()) ? true : undefined), what, ms);
}

test('the operator finds the spiking account on top, cuts it off until a time, and it publishes again by itself', {
  skip,
}, async () => {
  const load = traffic();
  try {
    const { page, console } = await signedInPage(d, '/projects/spiky-app/environments/production/flags');
    await page.getByRole('link', { name: 'Operations' }).click();
    await accounts(page).waitFor();
    await until('the spiking account to be the top row, accepting events', async () => {
      const top = accounts(page).getByRole('row').nth(1);
      return /^spiky/.test((await top.getByRole('rowheader').textContent()) ?? '') && (await rateOf(top)) > 0;
    });
    for (const key of ['calm', 'steady'] as const)
      await until(`${key} to show a rate above zero`, async () => (await rateOf(rowOf(page, key))) > 0);
    await page.getByRole('table', { name: 'Platform health' }).getByRole('row').nth(1).waitFor();
    assert.match(
      (await page.getByRole('table', { name: 'Platform health' }).textContent()) ?? '',
      /this node.*none.*up, change feed connected/,
      'the one node: no broker configured, database up',
    );
    await d.shoot(page, '01-before');

    await rowOf(page, 'spiky').getByRole('button', { name: 'Cut off spiky' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cut off spiky?' });
    await dialog.getByRole('button', { name: 'Cut off' }).click();
    await dialog.getByRole('alert').getByText('Give a reason').waitFor();
    await dialog.getByLabel('Reason').fill('flooding the event pipeline');
    await dialog.getByRole('radio', { name: 'At a time' }).check();
    // A time 40 s ahead (room for the checks below on a busy machine) in the browser's own zone,
    // as a person would type it.
    const endsAt = await page.evaluate(() => {
      const at = new Date(Date.now() + 40_000);
      const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000);
      return local.toISOString().slice(0, 19);
    });
    await dialog.getByLabel('End time').fill(endsAt);
    await d.shoot(page, '02-cut-off-dialog');
    await dialog.getByRole('button', { name: 'Cut off' }).click();
    await dialog.waitFor({ state: 'detached' });

    assert.equal(await post('spiky'), DROPPED, 'the spiking account is cut off');
    assert.equal(await post('calm'), ACCEPTED, 'the others carry on');
    assert.equal(await post('steady'), ACCEPTED);
    const spiky = rowOf(page, 'spiky');
    await spiky.getByText('flooding the event pipeline').waitFor();
    await until('the spiking account’s accepted rate to read zero', async () => (await rateOf(spiky)) === 0);
    for (const key of ['calm', 'steady'] as const)
      await until(`${key} to show a rate above zero while spiky is cut off`, async () => {
        return (await rateOf(rowOf(page, key))) > 0;
      });
    assert.match((await spiky.textContent()) ?? '', /Cut off since .* by .*ends at/);
    assert.equal(await spiky.getByRole('button', { name: 'Lift the cut-off of spiky' }).isVisible(), true);
    await d.shoot(page, '03-during');

    await waitFor(
      async () => ((await post('spiky')) === ACCEPTED ? true : undefined),
      'the cut-off to expire and the spiking account to publish again',
      60_000,
    );
    await spiky.getByRole('button', { name: 'Cut off spiky' }).waitFor({ timeout: 30_000 });
    await until('the spiking account’s accepted rate to rise again', async () => (await rateOf(spiky)) > 0);
    const history = await waitFor(async () => {
      const items = (await d.server.api('GET', '/api/v1/accounts/spiky/overrides')).body.items;
      return items[0]?.end === 'expired' ? items : undefined;
    }, 'the expiry to be written to the account’s history');
    assert.equal(history[0].reason, 'flooding the event pipeline');
    await d.shoot(page, '04-after');
    assert.deepEqual(console.errors, []);
  } finally {
    await load.stop();
  }
});

test('a reader sees the overview with nothing to act on; an admin cuts an account off until lifted and lifts it', {
  skip,
}, async () => {
  const rex = await createUser(d.server, 'Rex Reader', 'reader');
  const reader = await passwordSignedInPage(d, rex, '/ops/accounts', { width: 390, height: 844 });
  await rowOf(reader.page, 'calm').waitFor();
  await reader.page.getByRole('table', { name: 'Platform health' }).getByText('this node').waitFor();
  assert.equal(await reader.page.getByRole('button', { name: /^Cut off/ }).count(), 0, 'no cut-off control');
  await d.shoot(reader.page, '05-reader-phone');
  reader.console.allow(/status of 403/);
  const forced = await reader.page.evaluate(async () => {
    const me = (await (await fetch('/api/v1/me')).json()) as { csrfToken: string };
    const r = await fetch('/api/v1/accounts/calm/overrides', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
      body: JSON.stringify({ kind: 'kill-switch', reason: 'a reader tries' }),
    });
    return r.status;
  });
  assert.equal(forced, 403, 'the API refuses a reader too');
  assert.equal(await post('calm'), ACCEPTED);
  assert.deepEqual(reader.console.errors, []);

  const { page, console } = await signedInPage(d, '/projects/calm-app/environments/production/flags');
  await page.getByRole('link', { name: 'Operations' }).click();
  await rowOf(page, 'calm').getByRole('button', { name: 'Cut off calm' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cut off calm?' });
  await dialog.getByLabel('Reason').fill('a retry storm from its mobile app');
  await dialog.getByRole('radio', { name: 'When lifted' }).check();
  await dialog.getByRole('button', { name: 'Cut off' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await post('calm'), DROPPED);
  const calm = rowOf(page, 'calm');
  await calm.getByText('until lifted').waitFor();
  await until('the reader’s page to show the cut-off within a refresh', async () =>
    /Cut off since/.test((await rowOf(reader.page, 'calm').textContent()) ?? ''),
  );
  await calm.getByRole('button', { name: 'Lift the cut-off of calm' }).click();
  await calm.getByRole('button', { name: 'Cut off calm' }).waitFor();
  assert.equal(await post('calm'), ACCEPTED, 'publishing resumes once lifted');
  const history = (await d.server.api('GET', '/api/v1/accounts/calm/overrides')).body.items;
  assert.equal(history[0].end, 'lifted');
  assert.equal(history[0].expiresAt, null);
  assert.deepEqual(console.errors, []);
});
