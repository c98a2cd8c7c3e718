import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  createTenant,
  customEvents,
  postEvents,
  type Tenant,
  waitFor,
} from '../../server/test/support/events.js';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../../server/test/support/test-server.js';
import { type CliHome, loggedInHome } from './support/run-cli.js';

let s: TestServer;
let home: CliHome;
let zeta: Tenant;

before(async () => {
  s = await startTestServer('sqlite');
  zeta = await createTenant(s, 'zeta', { limits: { eventsPerSecond: 100000 } });
  await createTenant(s, 'alpha');
  home = await loggedInHome(s.url, ADMIN_TOKEN, 'zeta-app');
});
after(async () => {
  await home.close();
  await s.close();
});

const outcome = async () =>
  (await postEvents(s.url, '/bulk', customEvents(3), { auth: zeta.sdkKey })).headers.get(
    'x-switchyard-events',
  );

test('accounts list shows usage, limits and state, the busiest account first', async () => {
  // zeta sorts after alpha by name, so it comes first only when it is sorted by its rate.
  const rows = await waitFor(async () => {
    await outcome();
    const result = await home.run(['accounts', 'list', '--json']);
    assert.equal(result.code, 0, result.stderr);
    // biome-ignore lint/suspicious/noExplicitAny: --json output
    const listed: any[] = result.json();
    return listed.find((r) => r.account === 'zeta').usage.clusterRate.offered > 0 ? listed : undefined;
  }, 'zeta to have a rate');
  assert.equal(rows[0].account, 'zeta');
  assert.equal(rows[0].state, 'ok');
  assert.equal(rows[0].usage.limits.eventsPerSecond, 100000);
  assert.ok(rows[0].usage.accepted > 0);
  assert.ok(rows.some((r) => r.account === 'alpha' && r.state === 'ok'));
  const table = await home.run(['accounts', 'list']);
  assert.match(
    table.stdout,
    /^ACCOUNT +PLAN +EVENTS\/S +LIMIT\/S +THIS MONTH +MONTHLY LIMIT +DROPPED +STATE\n/,
  );
});

test("accounts cut-off drops the account's events at once, --for refuses them, restore lets them in again", async () => {
  assert.match((await outcome()) ?? '', /^accepted/);
  const cut = await home.run(['accounts', 'cut-off', 'zeta', '--reason', 'event storm', '--json']);
  assert.equal(cut.code, 0, cut.stderr);
  assert.equal(cut.json().state, 'cut-off');
  assert.equal(await outcome(), 'dropped; reason=kill-switch');
  const kill = (await s.api('GET', '/api/v1/projects/switchyard-system/flags/ingest-events')).body;
  assert.equal(kill.environments.production.rules[0].id, 'cut-off:zeta:event storm');
  const listed = (await home.run(['accounts', 'list', '--json'])).json();
  assert.equal(listed.find((r: { account: string }) => r.account === 'zeta').state, 'cut-off');
  assert.equal((await home.run(['accounts', 'restore', 'zeta'])).code, 0);
  assert.match((await outcome()) ?? '', /^accepted/);

  const timed = await home.run([
    'accounts',
    'cut-off',
    'zeta',
    '--reason',
    'spike',
    '--for',
    '15m',
    '--json',
  ]);
  assert.equal(timed.code, 0, timed.stderr);
  const until = Date.parse(timed.json().until);
  assert.ok(until > Date.now() + 14 * 60_000, timed.json().until);
  assert.equal(await outcome(), 'rejected; reason=circuit-breaker');
  const throttled = (await home.run(['accounts', 'list', '--json'])).json();
  assert.equal(throttled.find((r: { account: string }) => r.account === 'zeta').state, 'throttled');
  const restored = await home.run(['accounts', 'restore', 'zeta', '--json']);
  assert.deepEqual(restored.json(), { account: 'zeta', changed: ['events-throttled'] });
  assert.match((await outcome()) ?? '', /^accepted/);

  const unknown = await home.run(['accounts', 'cut-off', 'nobody', '--reason', 'x']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /NOT_FOUND/);
  assert.equal((await home.run(['accounts', 'cut-off', 'zeta'])).code, 2, '--reason is required');
  assert.equal((await home.run(['accounts', 'cut-off', 'zeta', '--reason', 'x', '--for', 'soon'])).code, 2);
});

test('status reports readiness, database, broker and spool; delivery the changes and streams', async () => {
  const status = await home.run(['status', '--json']);
  assert.equal(status.code, 0, status.stderr);
  const report = status.json();
  assert.equal(report.ready.sdk.ready, true);
  assert.equal(report.ready.admin.ready, true);
  assert.equal(report.status.database, 'up');
  assert.equal(report.status.events.broker, 'none');
  assert.equal(typeof report.status.events.spool.batches, 'number');
  assert.equal(report.peerNodes, 0);
  const human = await home.run(['status']);
  assert.match(human.stdout, /SDK traffic: +ready\nadmin traffic: +ready\ndatabase: +up/);
  assert.equal((await home.run(['flags', 'create', 'checkout'])).code, 0);
  const delivery = await home.run(['delivery', '--json']);
  assert.equal(delivery.code, 0, delivery.stderr);
  assert.equal(delivery.json().connectedStreams, 0);
  assert.deepEqual(delivery.json().versions[0].items, ['flag/checkout']);
});

test('audit tail prints the latest entries, follows new ones with filters, and stops on Ctrl-C with exit 0', async () => {
  const tail = home.start(['audit', 'tail', '--flag', 'checkout', '--interval', '1s', '--json']);
  await waitFor(async () => (tail.output().includes('"flag.create"') ? true : undefined), 'the latest entry');
  assert.equal((await home.run(['flags', 'toggle', 'checkout', '--on'])).code, 0);
  assert.equal((await home.run(['flags', 'create', 'other'])).code, 0);
  await waitFor(async () => (tail.output().includes('"flag.turn-on"') ? true : undefined), 'the new entry');
  tail.child.kill('SIGINT');
  const result = await tail.done;
  assert.equal(result.code, 0, result.stderr);
  const entries = result.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.deepEqual(
    entries.map((e) => e.action),
    ['flag.create', 'flag.turn-on'],
  );
  assert.ok(
    entries.every((e) => e.resourceKey === 'checkout'),
    'the other flag is filtered out',
  );
  const listed = await home.run(['audit', 'list', '--actor', entries[0].actor.id, '--since', '1h', '--json']);
  assert.ok(listed.json().length >= 3, JSON.stringify(listed.json()));
  assert.ok(listed.json().every((e: { actor: { id: string } }) => e.actor.id === entries[0].actor.id));
  const none = await home.run(['audit', 'list', '--actor', 'nobody', '--json']);
  assert.deepEqual(none.json(), []);
});
