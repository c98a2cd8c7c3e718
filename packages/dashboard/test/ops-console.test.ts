/**
 * The operators' console end to end without a broker (events spooled on the node): the
 * operator's story (support/operator-story.ts). A reader sees the same with nothing to act on,
 * and a cut-off until lifted ends with one click on Lift.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  createUser,
  type Dashboard,
  passwordSignedInPage,
  signedInPage,
  skip,
  startDashboard,
} from './support/dashboard-harness.js';
import {
  cutOffStory,
  DROPPED,
  post,
  rowOf,
  type Story,
  storyTenants,
  until,
} from './support/operator-story.js';

let d: Dashboard;
let story: Story;

before(async () => {
  if (skip) return;
  d = await startDashboard('ops-console');
  story = {
    d,
    tenants: await storyTenants(d),
    accepted: 'accepted; durable=spool',
    health: /this node.*none.*up, change feed connected/,
  };
});

after(async () => {
  await d?.close();
});

test(
  'the operator finds the spiking account on top, cuts it off until a time, and it publishes again by itself',
  {
    skip,
  },
  () => cutOffStory(story),
);

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
  assert.equal(await post(story, 'calm'), story.accepted);
  assert.deepEqual(reader.console.errors, []);

  const { page, console } = await signedInPage(d, '/projects/calm-app/environments/production/flags');
  await page.getByRole('link', { name: 'Operations' }).click();
  await rowOf(page, 'calm').getByRole('button', { name: 'Cut off calm' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cut off calm?' });
  await dialog.getByLabel('Reason').fill('a retry storm from its mobile app');
  await dialog.getByRole('radio', { name: 'When lifted' }).check();
  await dialog.getByRole('button', { name: 'Cut off' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await post(story, 'calm'), DROPPED);
  const calm = rowOf(page, 'calm');
  await calm.getByText('until lifted').waitFor();
  await until('the reader’s page to show the cut-off within a refresh', async () =>
    /Cut off since/.test((await rowOf(reader.page, 'calm').textContent()) ?? ''),
  );
  await calm.getByRole('button', { name: 'Lift the cut-off of calm' }).click();
  await calm.getByRole('button', { name: 'Cut off calm' }).waitFor();
  assert.equal(await post(story, 'calm'), story.accepted, 'publishing resumes once lifted');
  const history = (await d.server.api('GET', '/api/v1/accounts/calm/overrides')).body.items;
  assert.equal(history[0].end, 'lifted');
  assert.equal(history[0].expiresAt, null);
  assert.deepEqual(console.errors, []);
});
