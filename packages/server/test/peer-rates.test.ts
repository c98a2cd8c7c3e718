import assert from 'node:assert/strict';
import { hash } from 'node:crypto';
import { test } from 'node:test';
import type { Account, AccountRate, NodeRate } from '@switchyard/control-plane';
import { IngestGuard } from '../src/guard/ingest-guard.js';
import { PeerRates } from '../src/guard/peer-rates.js';
import { SystemFlags } from '../src/guard/system-flags.js';

const account: Account = {
  key: 'acme',
  name: 'Acme',
  plan: 'standard',
  limits: { eventsPerSecond: 1000 },
  createdAt: '2026-12-01T00:00:00.000Z',
};

interface Logged {
  warn: number;
  info: number;
}

function peerRates(
  share: (node: string, at: number, rates: readonly AccountRate[]) => Promise<NodeRate[]>,
  clock: { now: number },
  local: () => AccountRate[] = () => [],
) {
  const logged: Logged = { warn: 0, info: 0 };
  const peers = new PeerRates({
    usage: { shareRates: share, forgetRates: async () => {} },
    local,
    log: {
      info: () => logged.info++,
      warn: () => logged.warn++,
      error: () => {},
    },
    now: () => clock.now,
  });
  return { peers, logged };
}

const row = (node: string, accountKey: string, offered: number, accepted: number): NodeRate => ({
  node,
  accountKey,
  offered,
  accepted,
  at: 0,
});

test('peer rates sum the other nodes per account, go stale, and survive a store that fails', async () => {
  const clock = { now: 10_000 };
  let fail = false;
  const written: AccountRate[][] = [];
  const { peers, logged } = peerRates(
    async (_node, _at, rates) => {
      written.push([...rates]);
      if (fail) throw new Error('database away');
      return [row('b', 'acme', 600, 500), row('c', 'acme', 400, 300), row('b', 'globex', 5, 5)];
    },
    clock,
    () => [{ accountKey: 'acme', offered: 2000, accepted: 1000 }],
  );
  peers.start(1000);
  await peers.exchange();
  assert.deepEqual(
    written,
    [[{ accountKey: 'acme', offered: 2000, accepted: 1000 }]],
    'its own rates are written',
  );
  assert.deepEqual(peers.of('acme'), { offered: 1000, accepted: 800 });
  assert.deepEqual(peers.of('globex'), { offered: 5, accepted: 5 });
  assert.deepEqual(peers.of('initech'), { offered: 0, accepted: 0 });
  assert.equal(peers.peerNodes(), 2, 'nodes b and c');
  // The database goes away: the last read holds for two and a half intervals, then counts nothing.
  fail = true;
  clock.now += 1000;
  await peers.exchange();
  await peers.exchange();
  assert.equal(logged.warn, 1, 'one warning, not one a second');
  assert.deepEqual(peers.of('acme'), { offered: 1000, accepted: 800 });
  clock.now += 1600;
  assert.deepEqual(peers.of('acme'), { offered: 0, accepted: 0 });
  assert.equal(peers.peerNodes(), 0, 'alone, as far as limits go');
  fail = false;
  await peers.exchange();
  assert.equal(logged.info, 1, 'says when sharing works again');
  assert.deepEqual(peers.of('acme'), { offered: 1000, accepted: 800 });
  await peers.close();
});

/** One node's guard fed `perPost` events every `everyMs` for `ms`; what it accepts after `warmupMs`. */
function drive(peersOffered: number, perPost: number, everyMs: number, ms: number, warmupMs: number) {
  let now = 0;
  const observed: number[] = [];
  const guard = new IngestGuard({
    systemFlags: new SystemFlags({ all: () => [], onChange: () => () => {} }, (s) => hash('sha1', s, 'hex')),
    meter: { eventsThisMonth: () => 0 },
    breaker: { observe: (_key, offered) => void observed.push(offered) },
    peers: { of: () => ({ offered: peersOffered, accepted: 0 }) },
    now: () => now,
    throttleRetrySeconds: 60,
  });
  let accepted = 0;
  for (now = 0; now < ms; now += everyMs) {
    const verdict = guard.door(account);
    if (verdict.kind !== 'pass') continue;
    guard.admit(verdict, account.key, perPost);
    guard.accepted(verdict, perPost);
    if (now >= warmupMs) accepted += perPost;
  }
  now = ms - 1;
  return { perSecond: accepted / ((ms - warmupMs) / 1000), observed, limited: guard.limitedRates() };
}

test('a node takes a share of the limit in proportion to what it is offered against its peers', () => {
  // Alone, the node accepts the whole limit of 1,000 a second out of 3,000 offered.
  const alone = drive(0, 100, 1000 / 30, 6000, 1000);
  assert.ok(alone.perSecond >= 900 && alone.perSecond <= 1150, `alone: ${alone.perSecond}`);
  // Offered the same as the other nodes together, it takes half.
  const half = drive(3000, 100, 1000 / 30, 6000, 1000);
  assert.ok(half.perSecond >= 400 && half.perSecond <= 600, `half: ${half.perSecond}`);
  // Offered a third of the others', a quarter.
  const quarter = drive(3000, 100, 100, 6000, 1000);
  assert.ok(quarter.perSecond >= 180 && quarter.perSecond <= 320, `quarter: ${quarter.perSecond}`);
  // The breaker is fed the account's offered rate across the nodes.
  assert.ok(Math.max(...half.observed) >= 5900, `breaker saw ${Math.max(...half.observed)}`);
  // And what the node shares is its own rate for the limited account.
  assert.equal(half.limited.length, 1);
  assert.equal(half.limited[0]?.accountKey, 'acme');
  const shared = half.limited[0]?.offered ?? 0;
  assert.ok(shared >= 2900 && shared <= 3100, `shared ${shared}`);
});

test('under the limit across the nodes, a node’s share covers all it is offered', () => {
  // 300 a second here, 500 on the others: 800 of 1,000; nothing is refused.
  const run = drive(500, 30, 100, 6000, 1000);
  assert.equal(run.perSecond, 300);
});
