/**
 * The operator's story, shared by the ops console tests with and without RabbitMQ: three
 * accounts post events, one much more; the operator finds it at the top of the accounts
 * overview, cuts it off with a reason until a time 40 seconds ahead, its posts are dropped
 * (kill-switch) while the others carry on, and after the expiry it publishes again with no
 * one touching it. Screenshots before, during and after.
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import {
  createTenant,
  customEvents,
  postEvents,
  type Tenant,
  waitFor,
} from '../../../server/test/support/events.js';
import { type Dashboard, signedInPage } from './dashboard-harness.js';

/** Events per post: the spiking account sends twenty times as many. */
const SIZES = { calm: 5, steady: 5, spiky: 100 } as const;
type AccountKey = keyof typeof SIZES;
export const DROPPED = 'dropped; reason=kill-switch';

export interface Story {
  readonly d: Dashboard;
  readonly tenants: Readonly<Record<AccountKey, Tenant>>;
  /** What an accepted post's header says: the durability the server runs with. */
  readonly accepted: string;
  /** What the platform health table shows for the one node. */
  readonly health: RegExp;
}

/** The three accounts of the story, created through the admin API. */
export async function storyTenants(d: Dashboard): Promise<Record<AccountKey, Tenant>> {
  const tenants = {} as Record<AccountKey, Tenant>;
  for (const key of ['calm', 'steady', 'spiky'] as const) tenants[key] = await createTenant(d.server, key);
  return tenants;
}

/** Posts one batch for an account and returns the server's verdict header. */
export const post = async (story: Story, key: AccountKey) =>
  (
    await postEvents(story.d.server.url, '/bulk', customEvents(SIZES[key]), {
      auth: story.tenants[key].sdkKey,
    })
  ).headers.get('x-switchyard-events');

/** Keeps all three accounts posting until stopped; bounded in count and time whatever happens. */
function traffic(story: Story): { stop: () => Promise<void> } {
  let running = true;
  const deadline = Date.now() + 150_000;
  const loop = (async () => {
    for (let i = 0; running && i < 20_000 && Date.now() < deadline; i++) {
      await Promise.all([post(story, 'calm'), post(story, 'steady'), post(story, 'spiky')]);
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

export const accounts = (page: Page) => page.getByRole('table', { name: 'Accounts' });
export const rowOf = (page: Page, key: string) =>
  accounts(page).getByRole('row', { name: new RegExp(`^${key}`) });

/** The accepted events per second a row shows now. */
async function rateOf(row: Locator): Promise<number> {
  const text = (await row.getByRole('cell').first().textContent()) ?? '';
  const match = /^([\d,]+)\/s/.exec(text);
  if (!match?.[1]) throw new Error(`no rate in "${text}"`);
  return Number(match[1].replace(/,/g, ''));
}

/** Polls the page until `check` holds, naming the condition when the deadline passes. */
export async function until(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  await waitFor(async () => ((await check()) ? true : undefined), what, ms);
}

export async function cutOffStory(story: Story): Promise<void> {
  const load = traffic(story);
  const { d } = story;
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
    // Refreshed from the heartbeats: the broker and change feed may still be connecting at first.
    const health = page.getByRole('table', { name: 'Platform health' });
    await until(
      `the platform health to show the one node, its broker, database up (${story.health})`,
      async () => story.health.test((await health.textContent()) ?? ''),
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

    assert.equal(await post(story, 'spiky'), DROPPED, 'the spiking account is cut off');
    assert.equal(await post(story, 'calm'), story.accepted, 'the others carry on');
    assert.equal(await post(story, 'steady'), story.accepted);
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
      async () => ((await post(story, 'spiky')) === story.accepted ? true : undefined),
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
}
