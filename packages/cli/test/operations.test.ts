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

// biome-ignore lint/suspicious/noExplicitAny: --json output
type Json = any;
const zetaIn = (rows: Json[]) => rows.find((r) => r.key === 'zeta');
const overview = async (): Promise<Json[]> => {
  const result = await home.run(['accounts', 'list', '--json']);
  assert.equal(result.code, 0, result.stderr);
  return result.json();
};
const limitInForce = (eventsPerSecond: number, what: string) =>
  waitFor(
    async () =>
      zetaIn(await overview()).limits.effectiveEventsPerSecond === eventsPerSecond ? true : undefined,
    what,
  );
const history = async (): Promise<Json[]> =>
  (await home.run(['accounts', 'history', 'zeta', '--json'])).json();

test('accounts list shows rates, usage, limits, drops and state from the overview, the busiest account first', async () => {
  // zeta sorts after alpha by key, so it comes first only when it is sorted by its rate.
  const rows = await waitFor(async () => {
    await outcome();
    const listed = await overview();
    return zetaIn(listed).rate.accepted > 0 ? listed : undefined;
  }, 'zeta to have an accepted rate');
  assert.equal(rows[0].key, 'zeta');
  assert.equal(rows[0].killSwitch.engaged, false);
  assert.equal(rows[0].limits.eventsPerSecond, 100000);
  assert.ok(rows[0].usage.accepted > 0);
  assert.ok(rows.some((r) => r.key === 'alpha' && r.killSwitch.engaged === false));
  const table = await home.run(['accounts', 'list']);
  // The rate is the last seconds', so by now the rows may be in key order; zeta's row is checked alone.
  assert.match(
    table.stdout,
    /^ACCOUNT +PLAN +EVENTS\/S +LIMIT\/S +THIS MONTH +MONTHLY LIMIT +DROPPED +STATE\n/,
  );
  assert.match(table.stdout, /\nzeta +standard +[\d./]+ +100000 +[1-9]\d* +- +- +ok\n/);
});

test('accounts cut-off sets an expiring kill-switch override: events dropped until restore, or until it ends by itself', async () => {
  assert.match((await outcome()) ?? '', /^accepted/);
  const cut = await home.run([
    'accounts',
    'cut-off',
    'zeta',
    '--reason',
    'event storm',
    '--for',
    '15m',
    '--json',
  ]);
  assert.equal(cut.code, 0, cut.stderr);
  assert.equal(cut.json().kind, 'kill-switch');
  assert.equal(cut.json().reason, 'event storm');
  const expiresAt = Date.parse(cut.json().expiresAt);
  assert.ok(
    expiresAt > Date.now() + 14 * 60_000 && expiresAt <= Date.now() + 15 * 60_000,
    cut.json().expiresAt,
  );
  assert.equal(await outcome(), 'dropped; reason=kill-switch');
  const zeta = await waitFor(async () => {
    const row = zetaIn(await overview());
    return row.killSwitch.engaged && row.dropped['kill-switch'] > 0 ? row : undefined;
  }, 'the overview to show zeta cut off with kill-switch drops');
  assert.equal(zeta.killSwitch.reason, 'event storm');
  assert.equal(zeta.killSwitch.expiresAt, cut.json().expiresAt);
  const table = await home.run(['accounts', 'list']);
  assert.match(table.stdout, new RegExp(`zeta .* kill-switch \\d+ +cut off until ${cut.json().expiresAt}\n`));
  const restored = await home.run(['accounts', 'restore', 'zeta', '--json']);
  assert.equal(restored.code, 0, restored.stderr);
  assert.deepEqual(
    restored.json().lifted.map((o: Json) => [o.id, o.end]),
    [[cut.json().id, 'lifted']],
  );
  assert.match((await outcome()) ?? '', /^accepted/);
  const again = await home.run(['accounts', 'restore', 'zeta']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /zeta had no kill-switch override in force/);

  // The server keeps the expiry: the account publishes again with no one touching it.
  const brief = await home.run(['accounts', 'cut-off', 'zeta', '--reason', 'brief', '--for', '2s', '--json']);
  assert.equal(brief.code, 0, brief.stderr);
  assert.equal(await outcome(), 'dropped; reason=kill-switch');
  await waitFor(
    async () => ((await outcome())?.startsWith('accepted') ? true : undefined),
    'zeta accepted again after its 2 s cut-off expired',
  );
  const ended = await waitFor(async () => {
    const found = (await history()).find((o) => o.id === brief.json().id);
    return found?.end === 'expired' ? found : undefined;
  }, 'the history to record the expiry');
  assert.equal(ended.endedBy.name, 'override-expiry');

  const until = new Date(Date.now() + 3_600_000).toISOString();
  const timed = await home.run([
    'accounts',
    'cut-off',
    'zeta',
    '--reason',
    'till later',
    '--until',
    until,
    '--json',
  ]);
  assert.equal(timed.code, 0, timed.stderr);
  assert.equal(timed.json().expiresAt, until);
  assert.equal((await home.run(['accounts', 'restore', 'zeta'])).code, 0);
  const listedHistory = await history();
  assert.deepEqual(
    listedHistory.slice(0, 3).map((o) => [o.reason, o.end]),
    [
      ['till later', 'lifted'],
      ['brief', 'expired'],
      ['event storm', 'lifted'],
    ],
  );
  const human = await home.run(['accounts', 'history', 'zeta']);
  assert.match(
    human.stdout,
    /^ID +KIND +VALUE +REASON +SET +EXPIRES +ENDED\n\S+ +kill-switch +false +till later /,
  );
});

test('accounts limit and sample set expiring overrides of the limit and the sampling ratio; restore --kind lifts them', async () => {
  const limited = await home.run([
    'accounts',
    'limit',
    'zeta',
    '--per-second',
    '100',
    '--for',
    '1h',
    '--reason',
    'noisy',
    '--json',
  ]);
  assert.equal(limited.code, 0, limited.stderr);
  assert.deepEqual([limited.json().kind, limited.json().value], ['per-second-limit', 100]);
  await waitFor(
    async () => (zetaIn(await overview()).limits.effectiveEventsPerSecond === 100 ? true : undefined),
    'the overview to show the per-second limit of 100 in force',
  );
  const sampled = await home.run([
    'accounts',
    'sample',
    'zeta',
    '--ratio',
    '0.5',
    '--for',
    '1h',
    '--reason',
    'load test',
    '--json',
  ]);
  assert.equal(sampled.code, 0, sampled.stderr);
  assert.deepEqual([sampled.json().kind, sampled.json().value], ['sampling', 0.5]);
  const offValue = await home.run(['accounts', 'limit', 'zeta', '--per-second', '7', '--reason', 'x']);
  assert.equal(offValue.code, 1, 'not a value of the limit flag');
  assert.match(offValue.stderr, /use one of \[100,1000,10000,100000,-1\] \(INVALID_DATA\)/);

  const lifted = await home.run(['accounts', 'restore', 'zeta', '--kind', 'per-second-limit', '--json']);
  assert.deepEqual(
    lifted.json().lifted.map((o: Json) => o.kind),
    ['per-second-limit'],
  );
  const active = (await home.run(['accounts', 'history', 'zeta', '--active', '--json'])).json();
  assert.deepEqual(
    active.map((o: Json) => o.kind),
    ['sampling'],
  );
  const all = await home.run(['accounts', 'restore', 'zeta', '--kind', 'all', '--json']);
  assert.deepEqual(
    all.json().lifted.map((o: Json) => o.kind),
    ['sampling'],
  );
  await waitFor(
    async () => (zetaIn(await overview()).limits.effectiveEventsPerSecond === 100000 ? true : undefined),
    "zeta's own limit in force again",
  );
});

test("accounts limit: a negative --per-second is a usage error; --per-second none sets no override limit, so the account's own applies", async () => {
  for (const bad of ['-1', '-100', '0', 'lots']) {
    const refused = await home.run(['accounts', 'limit', 'zeta', '--per-second', bad, '--reason', 'x']);
    assert.equal(refused.code, 2, `--per-second ${bad} is a usage error: ${refused.stderr}`);
    assert.match(refused.stderr, /--per-second must be a positive number of events per second, or "none"/);
  }
  assert.deepEqual(
    (await history()).filter((o: Json) => o.kind === 'per-second-limit' && o.end === null),
    [],
    'nothing was sent to the server',
  );

  const tight = await home.run([
    'accounts',
    'limit',
    'zeta',
    '--per-second',
    '100',
    '--reason',
    'x',
    '--json',
  ]);
  assert.equal(tight.code, 0, tight.stderr);
  await limitInForce(100, 'the limit of 100 in force');
  const none = await home.run([
    'accounts',
    'limit',
    'zeta',
    '--per-second',
    'none',
    '--for',
    '1h',
    '--reason',
    'import',
  ]);
  assert.equal(none.code, 0, none.stderr);
  assert.match(none.stdout, /per-second-limit none \(account's own limit\)/);
  await limitInForce(100000, "zeta's own limit of 100000 in force under the none override");
  const live = (await home.run(['accounts', 'history', 'zeta', '--active', '--json'])).json();
  assert.deepEqual(
    live.filter((o: Json) => o.kind === 'per-second-limit').map((o: Json) => o.value),
    [-1],
    'none is stored as the flag value -1 and replaces the limit of 100',
  );
  const table = await home.run(['accounts', 'history', 'zeta', '--active']);
  assert.match(table.stdout, /none \(account's own limit\)/, 'the table reads none, not -1');

  const lifted = await home.run(['accounts', 'restore', 'zeta', '--kind', 'per-second-limit', '--json']);
  assert.equal(lifted.code, 0, lifted.stderr);
  assert.deepEqual(
    lifted.json().lifted.map((o: Json) => o.value),
    [-1],
  );
});

test('override commands refuse bad input with the right exit code', async () => {
  const unknown = await home.run(['accounts', 'cut-off', 'nobody', '--reason', 'x']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /NOT_FOUND/);
  assert.equal((await home.run(['accounts', 'history', 'nobody'])).code, 1);
  assert.equal((await home.run(['accounts', 'cut-off', 'zeta'])).code, 2, '--reason is required');
  assert.equal((await home.run(['accounts', 'cut-off', 'zeta', '--reason', 'x', '--for', 'soon'])).code, 2);
  const both = await home.run([
    'accounts',
    'cut-off',
    'zeta',
    '--reason',
    'x',
    '--for',
    '1m',
    '--until',
    '2099-01-01T00:00:00Z',
  ]);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--for or --until, not both/);
  assert.equal(
    (await home.run(['accounts', 'cut-off', 'zeta', '--reason', 'x', '--until', '2001-01-01T00:00:00Z']))
      .code,
    2,
  );
  assert.equal((await home.run(['accounts', 'sample', 'zeta', '--reason', 'x', '--ratio', 'half'])).code, 2);
  assert.equal((await home.run(['accounts', 'restore', 'zeta', '--kind', 'everything'])).code, 2);
  assert.equal(
    (await home.run(['accounts', 'history', 'zeta', '--active', '--json'])).json().length,
    0,
    'nothing was set',
  );
});

test("status reports readiness, database, broker and spool and every node's heartbeat; delivery the cluster's proof of arrival", async () => {
  const status = await home.run(['status', '--json']);
  assert.equal(status.code, 0, status.stderr);
  const report = status.json();
  assert.equal(report.ready.sdk.ready, true);
  assert.equal(report.ready.admin.ready, true);
  assert.equal(report.status.database, 'up');
  assert.equal(report.status.events.broker, 'none');
  assert.equal(typeof report.status.events.spool.batches, 'number');
  assert.equal(report.nodes.length, 1);
  const [node] = report.nodes;
  assert.deepEqual([node.self, node.alive, node.broker], [true, true, 'none']);
  assert.ok(Date.parse(node.heartbeatAt) > Date.now() - 60_000, node.heartbeatAt);
  const human = await home.run(['status']);
  assert.match(human.stdout, /SDK traffic: +ready\nadmin traffic: +ready\ndatabase: +up/);
  assert.match(
    human.stdout,
    new RegExp(
      `NODE +VERSION +HEARTBEAT +DATABASE +BROKER +CHANNELS +SPOOL +LAG +STREAMS\n${node.node} \\(this\\) +${node.version} `,
    ),
  );
  assert.equal((await home.run(['flags', 'create', 'checkout'])).code, 0);
  const delivery = await waitFor(async () => {
    const result = await home.run(['delivery', '--json']);
    assert.equal(result.code, 0, result.stderr);
    return result.json().changes[0]?.items.includes('flag/checkout') ? result.json() : undefined;
  }, 'the cluster view to list the new flag');
  assert.equal(delivery.nodes.length, 1);
  assert.deepEqual([delivery.changes[0].streams, delivery.changes[0].reached], [0, 0]);
  const own = await home.run(['delivery', '--node', '--json']);
  assert.equal(own.code, 0, own.stderr);
  assert.equal(own.json().connectedStreams, 0);
  assert.deepEqual(own.json().versions[0].items, ['flag/checkout']);
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
