/**
 * The store port's contract, run against every adapter (SQLite and PostgreSQL), so
 * the two cannot drift apart.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type {
  Account,
  AccountOverride,
  Environment,
  Flag,
  FlagConfig,
  Segment,
  SessionStore,
  Store,
  StoredUser,
  UsageStore,
} from '@switchyard/control-plane';
import { backendSuite } from '../src/testing.js';

const at = '2026-11-24T12:00:00.000Z';
const account: Account = {
  key: 'acme',
  name: 'Acme',
  plan: 'standard',
  limits: { eventsPerMonth: 1000 },
  createdAt: at,
};
const env = (key: string, n: number): Environment => ({
  projectKey: 'shop',
  key,
  name: key,
  sdkKey: `sdk-${key}-${n}`,
  mobileKey: `mob-${key}-${n}`,
  clientSideId: `cs-${key}-${n}`,
  secureMode: false,
  dataVersion: 0,
  createdAt: at,
});
const flag = (key: string, tags: string[] = []): Flag => ({
  projectKey: 'shop',
  key,
  name: `Flag ${key.toUpperCase()}`,
  description: '',
  tags,
  temporary: true,
  variations: [true, false],
  clientSideAvailability: { usingMobileKey: false, usingEnvironmentId: true },
  archived: false,
  createdAt: at,
  version: 1,
});
const config = (version: number): FlagConfig => ({
  on: true,
  offVariation: 1,
  fallthrough: { variation: 0 },
  targets: [{ variation: 0, values: ['alice'] }],
  contextTargets: [],
  rules: [
    {
      id: 'r1',
      clauses: [{ attribute: 'email', op: 'endsWith', values: ['@x.com'] }],
      variation: 0,
      trackEvents: false,
    },
  ],
  prerequisites: [],
  salt: 'salt',
  trackEvents: false,
  trackEventsFallthrough: false,
  debugEventsUntilDate: null,
  version,
});

type ContractStore = Store & { usage: UsageStore; sessions: SessionStore };

const user = (id: string, email: string): StoredUser => ({
  id,
  email,
  name: id,
  role: 'writer',
  projectKey: null,
  disabled: false,
  createdAt: at,
  passwordHash: `scrypt$hash-of-${id}`,
});

export function describeStoreContract(
  name: string,
  open: () => Promise<{ store: ContractStore; close: () => Promise<void> } | undefined>,
): void {
  describe(`store contract on ${name}`, () => {
    let store: ContractStore;
    const it = backendSuite(name, open, async (opened) => {
      store = opened.store;
      await store.transaction(async (tx) => {
        await tx.insertAccount(account);
        await tx.insertProject({
          key: 'shop',
          name: 'Shop',
          accountKey: 'acme',
          system: false,
          createdAt: at,
        });
        await tx.insertEnvironment(env('production', 1));
        await tx.insertEnvironment(env('test', 1));
      });
    });

    it('accounts, projects and environments round-trip', async () => {
      assert.deepEqual(await store.getAccount('acme'), account);
      assert.deepEqual(
        (await store.listProjects('acme')).map((p) => p.key),
        ['shop'],
      );
      assert.deepEqual(await store.getEnvironment('shop', 'production'), env('production', 1));
      assert.deepEqual(
        (await store.listEnvironments('shop')).map((e) => e.key),
        ['production', 'test'],
      );
      assert.equal((await store.findEnvironmentByCredential('clientSideId', 'cs-test-1'))?.key, 'test');
      assert.equal(await store.findEnvironmentByCredential('sdkKey', 'nope'), undefined);
    });

    it('data versions strictly increase per environment', async () => {
      const versions = await store.transaction(async (tx) => [
        await tx.nextDataVersion('shop', 'production'),
        await tx.nextDataVersion('shop', 'production'),
      ]);
      const later = await store.transaction((tx) => tx.nextDataVersion('shop', 'production'));
      assert.ok((versions[0] as number) < (versions[1] as number) && (versions[1] as number) < later);
      assert.equal((await store.getEnvironment('shop', 'production'))?.dataVersion, later);
    });

    it('concurrent transactions never get the same data version', async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, () => store.transaction((tx) => tx.nextDataVersion('shop', 'test'))),
      );
      assert.equal(new Set(results).size, results.length);
    });

    it('flags, configurations and segments round-trip with filters', async () => {
      await store.transaction(async (tx) => {
        await tx.insertFlag(flag('alpha', ['checkout']));
        await tx.insertFlag(flag('beta'));
        await tx.putFlagConfig('shop', 'production', 'alpha', config(5));
        await tx.putFlagConfig('shop', 'production', 'alpha', config(6));
      });
      assert.deepEqual(await store.getFlag('shop', 'alpha'), flag('alpha', ['checkout']));
      assert.deepEqual(
        (await store.listFlags('shop', { tag: 'checkout' })).map((f) => f.key),
        ['alpha'],
      );
      assert.deepEqual(
        (await store.listFlags('shop', { query: 'flag b' })).map((f) => f.key),
        ['beta'],
      );
      assert.deepEqual(await store.getFlagConfig('shop', 'production', 'alpha'), config(6));
      assert.deepEqual([...(await store.listFlagConfigs('shop', 'production')).keys()], ['alpha']);
      const segment: Segment = {
        projectKey: 'shop',
        environmentKey: 'production',
        key: 'beta-users',
        name: 'Beta',
        description: '',
        tags: [],
        included: ['a'],
        excluded: [],
        includedContexts: [{ contextKind: 'org', values: ['o'] }],
        excludedContexts: [],
        rules: [],
        salt: 's',
        unbounded: false,
        unboundedContextKind: null,
        generation: null,
        version: 3,
      };
      await store.transaction((tx) => tx.putSegment(segment));
      assert.deepEqual(await store.getSegment('shop', 'production', 'beta-users'), segment);
      await store.transaction((tx) => tx.deleteSegment('shop', 'production', 'beta-users'));
      assert.deepEqual(await store.listSegments('shop', 'production'), []);
    });

    it('a flag update is a compare-and-set on its version', async () => {
      const ok = await store.transaction((tx) =>
        tx.updateFlag({ ...flag('beta'), name: 'Renamed', version: 2 }, 1),
      );
      assert.equal(ok, true);
      const stale = await store.transaction((tx) =>
        tx.updateFlag({ ...flag('beta'), name: 'Lost', version: 2 }, 1),
      );
      assert.equal(stale, false);
      assert.equal((await store.getFlag('shop', 'beta'))?.name, 'Renamed');
    });

    it('archived flags are listed only when asked for', async () => {
      await store.transaction((tx) =>
        tx.updateFlag({ ...flag('beta'), name: 'Renamed', archived: true, version: 3 }, 2),
      );
      assert.deepEqual(
        (await store.listFlags('shop')).map((f) => f.key),
        ['alpha'],
      );
      assert.deepEqual(
        (await store.listFlags('shop', { archived: true })).map((f) => f.key),
        ['beta'],
      );
    });

    it('a failed transaction leaves nothing behind, audit and change records included', async () => {
      const changesBefore = await store.changesSince(0, 1000);
      const auditBefore = await store.listAudit({ limit: 1000 });
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.insertFlag(flag('ghost'));
          await tx.appendAudit({
            at,
            actor: { kind: 'system', name: 't' },
            action: 'x',
            resourceKind: 'flag',
            projectKey: 'shop',
            environmentKey: null,
            resourceKey: 'ghost',
            before: null,
            after: null,
            comment: null,
          });
          await tx.appendChange({
            projectKey: 'shop',
            environmentKey: 'production',
            kind: 'flag',
            key: 'ghost',
            version: 99,
            deleted: false,
            at,
          });
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await store.getFlag('shop', 'ghost'), undefined);
      assert.deepEqual(await store.changesSince(0, 1000), changesBefore);
      assert.deepEqual(await store.listAudit({ limit: 1000 }), auditBefore);
    });

    it('a duplicate key or credential is ALREADY_EXISTS', async () => {
      await assert.rejects(
        store.transaction((tx) => tx.insertFlag(flag('alpha'))),
        { code: 'ALREADY_EXISTS' },
      );
      await assert.rejects(
        store.transaction((tx) => tx.insertEnvironment({ ...env('staging', 1), sdkKey: 'sdk-production-1' })),
        { code: 'ALREADY_EXISTS' },
      );
    });

    it('tokens are found by hash and can be revoked', async () => {
      await store.transaction((tx) =>
        tx.insertToken({ id: 't1', name: 'ci', role: 'writer', projectKey: 'shop', createdAt: at }, 'hash-1'),
      );
      assert.deepEqual(await store.findTokenByHash('hash-1'), {
        id: 't1',
        name: 'ci',
        role: 'writer',
        projectKey: 'shop',
        createdAt: at,
        revoked: false,
      });
      assert.equal(await store.transaction((tx) => tx.revokeToken('t1')), true);
      assert.equal((await store.findTokenByHash('hash-1'))?.revoked, true);
      assert.equal(await store.transaction((tx) => tx.revokeToken('nope')), false);
      await assert.rejects(
        store.transaction((tx) =>
          tx.insertToken({ id: 't2', name: 'x', role: 'reader', projectKey: null, createdAt: at }, 'hash-1'),
        ),
        { code: 'ALREADY_EXISTS' },
      );
    });

    it('the audit log filters and pages newest first', async () => {
      await store.transaction(async (tx) => {
        for (const [i, key] of ['alpha', 'beta', 'alpha'].entries()) {
          await tx.appendAudit({
            at: `2026-11-2${i}T00:00:00.000Z`,
            actor: { kind: 'token', id: `actor-${i % 2}`, name: 'n' },
            action: 'flag.update',
            resourceKind: 'flag',
            projectKey: 'shop',
            environmentKey: 'production',
            resourceKey: key,
            before: { n: i },
            after: { n: i + 1 },
            comment: i === 1 ? 'why beta changed' : null,
          });
        }
      });
      const alpha = await store.listAudit({
        projectKey: 'shop',
        resourceKind: 'flag',
        resourceKey: 'alpha',
        limit: 10,
      });
      assert.deepEqual(
        alpha.map((e) => e.at),
        ['2026-11-22T00:00:00.000Z', '2026-11-20T00:00:00.000Z'],
      );
      assert.deepEqual(alpha[0]?.before, { n: 2 });
      assert.equal(alpha[0]?.comment, null);
      const [beta] = await store.listAudit({ projectKey: 'shop', resourceKey: 'beta', limit: 1 });
      assert.equal(beta?.comment, 'why beta changed', 'the comment is stored on the audit entry');
      assert.equal((await store.listAudit({ actor: 'actor-1', limit: 10 })).length, 1);
      assert.equal(
        (
          await store.listAudit({
            from: '2026-11-21T00:00:00.000Z',
            to: '2026-11-21T23:59:59.000Z',
            limit: 10,
          })
        ).length,
        1,
      );
      const page = await store.listAudit({ projectKey: 'shop', limit: 2 });
      const next = await store.listAudit({
        projectKey: 'shop',
        limit: 2,
        beforeId: page.at(-1)?.id as number,
      });
      assert.ok((next[0]?.id as number) < (page.at(-1)?.id as number));
    });

    it('changes are read in order after a sequence number', async () => {
      await store.transaction(async (tx) => {
        for (let v = 1; v <= 5; v++) {
          await tx.appendChange({
            projectKey: 'shop',
            environmentKey: 'test',
            kind: 'segment',
            key: `s${v}`,
            version: v,
            deleted: v === 5,
            at,
          });
        }
      });
      const all = (await store.changesSince(0, 1000)).filter((c) => c.environmentKey === 'test');
      assert.deepEqual(
        all.map((c) => c.key),
        ['s1', 's2', 's3', 's4', 's5'],
      );
      assert.equal(all.at(-1)?.deleted, true);
      const after2 = await store.changesSince(all[1]?.seq as number, 2);
      assert.deepEqual(
        after2.map((c) => c.key),
        ['s3', 's4'],
      );
    });

    it('deleting a flag removes its configurations', async () => {
      await store.transaction((tx) => tx.deleteFlag('shop', 'alpha'));
      assert.equal(await store.getFlag('shop', 'alpha'), undefined);
      assert.equal(await store.getFlagConfig('shop', 'production', 'alpha'), undefined);
    });

    it('node rates: each node’s latest write per account, stale rows skipped, then pruned', async () => {
      const { usage } = store;
      await usage.writeRates('node-a', 1000, [
        { accountKey: 'acme', offered: 1500.5, accepted: 1000 },
        { accountKey: 'globex', offered: 10, accepted: 10 },
      ]);
      await usage.writeRates('node-b', 1100, [{ accountKey: 'acme', offered: 700, accepted: 600 }]);
      // node-a's next second: acme again, globex went quiet (its row keeps the old stamp).
      await usage.writeRates('node-a', 2000, [{ accountKey: 'acme', offered: 2500, accepted: 900 }]);
      const fresh = (await usage.readRates(1100)).sort((x, y) => x.node.localeCompare(y.node));
      assert.deepEqual(fresh, [
        { node: 'node-a', accountKey: 'acme', offered: 2500, accepted: 900, at: 2000 },
        { node: 'node-b', accountKey: 'acme', offered: 700, accepted: 600, at: 1100 },
      ]);
      assert.equal((await usage.readRates(0)).length, 3);
      await usage.pruneRates(1500);
      assert.deepEqual(
        (await usage.readRates(0)).map((rate) => `${rate.node}/${rate.accountKey}`),
        ['node-a/acme'],
      );
      // Many accounts in one write (past one statement's worth of parameters).
      const many = Array.from({ length: 2500 }, (_, i) => ({ accountKey: `a${i}`, offered: i, accepted: 0 }));
      await usage.writeRates('node-c', 3000, many);
      assert.equal((await usage.readRates(3000)).length, 2500);
    });

    it('usage series: deltas of several nodes add up per bucket, read by range, pruned by grain', async () => {
      const { usage } = store;
      const minute = (m: number) => ({ accountKey: 'acme', grain: 'minute' as const, bucket: m * 60_000 });
      await usage.addSeries([
        { ...minute(1), metric: 'accepted', count: 5 },
        { ...minute(1), metric: 'accepted', count: 2 },
        { ...minute(2), metric: 'dropped.sampling', count: 3 },
        { accountKey: 'acme', grain: 'hour', bucket: 0, metric: 'accepted', count: 7 },
      ]);
      await usage.addSeries([{ ...minute(1), metric: 'accepted', count: 4 }]);
      assert.deepEqual(await usage.readSeries('acme', 'minute', 60_000, 180_000), [
        { ...minute(1), metric: 'accepted', count: 11 },
        { ...minute(2), metric: 'dropped.sampling', count: 3 },
      ]);
      assert.equal(
        (await usage.readSeries('acme', 'minute', 120_000, 180_000)).length,
        1,
        'from is inclusive',
      );
      assert.equal((await usage.readSeries('other', 'minute', 0, 180_000)).length, 0);
      await usage.pruneSeries('minute', 120_000);
      assert.equal((await usage.readSeries('acme', 'minute', 0, 180_000)).length, 1);
      assert.equal((await usage.readSeries('acme', 'hour', 0, 1)).length, 1, 'hours are pruned apart');
    });

    it('users round-trip by id and email, emails are unique, and ending a user’s sessions ends only theirs', async () => {
      await store.transaction(async (tx) => {
        await tx.insertUser(user('u1', 'ann@example.com'));
        await tx.insertUser(user('u2', 'ben@example.com'));
      });
      assert.deepEqual(await store.getUser('u1'), user('u1', 'ann@example.com'));
      assert.equal((await store.findUserByEmail('ben@example.com'))?.id, 'u2');
      assert.equal(await store.findUserByEmail('nobody@example.com'), undefined);
      await store.transaction((tx) =>
        tx.updateUser({ ...user('u1', 'ann@example.com'), disabled: true, role: 'admin' }),
      );
      assert.equal((await store.getUser('u1'))?.disabled, true);
      assert.equal((await store.getUser('u1'))?.role, 'admin');
      assert.deepEqual(
        (await store.listUsers()).map((u) => u.id),
        ['u1', 'u2'],
      );
      await assert.rejects(
        store.transaction((tx) => tx.insertUser(user('u3', 'ann@example.com'))),
        { code: 'ALREADY_EXISTS' },
      );

      const session = (userId: string, expiresAt: string) => ({
        userId,
        csrfToken: `csrf-${userId}`,
        createdAt: at,
        expiresAt,
      });
      await store.sessions.insertSession('h1', session('u1', '2026-11-25T00:00:00.000Z'));
      await store.sessions.insertSession('h2', session('u2', '2026-11-25T00:00:00.000Z'));
      await store.sessions.insertSession('h3', session('u2', '2026-11-24T13:00:00.000Z'));
      assert.deepEqual(await store.sessions.findSession('h1'), session('u1', '2026-11-25T00:00:00.000Z'));
      await store.transaction((tx) => tx.endSessionsOf('u1'));
      assert.equal(await store.sessions.findSession('h1'), undefined);
      assert.equal((await store.sessions.findSession('h2'))?.userId, 'u2', 'another user’s session stays');
      await store.sessions.pruneSessions('2026-11-24T14:00:00.000Z');
      assert.equal(await store.sessions.findSession('h3'), undefined, 'an expired session is pruned');
      assert.ok(await store.sessions.findSession('h2'));
      await store.sessions.deleteSession('h2');
      assert.equal(await store.sessions.findSession('h2'), undefined);
    });

    it('account overrides: put replaces by id, listed newest first, the live ones alone on request', async () => {
      const cut = (id: string, setAt: string, accountKey = 'acme'): AccountOverride => ({
        id,
        accountKey,
        kind: 'kill-switch',
        value: false,
        reason: 'spike',
        setAt,
        setBy: { kind: 'system', name: 'test' },
        expiresAt: null,
        endedAt: null,
        endedBy: null,
        end: null,
      });
      const first = cut('o1', '2026-11-24T12:00:00.000Z');
      await store.transaction(async (tx) => {
        await tx.putOverride(first);
        await tx.putOverride(cut('o2', '2026-11-24T13:00:00.000Z'));
        await tx.putOverride(cut('o3', '2026-11-24T14:00:00.000Z', 'other'));
      });
      const lifted: AccountOverride = {
        ...first,
        end: 'lifted',
        endedAt: at,
        endedBy: { kind: 'system', name: 'x' },
      };
      await store.transaction((tx) => tx.putOverride(lifted));
      assert.deepEqual(await store.getOverride('o1'), lifted);
      assert.deepEqual(
        (await store.listOverrides({ accountKey: 'acme', limit: 10 })).map((o) => o.id),
        ['o2', 'o1'],
      );
      assert.deepEqual(
        (await store.listOverrides({ active: true, limit: 10 })).map((o) => o.id),
        ['o3', 'o2'],
      );
      assert.equal(await store.getOverride('nope'), undefined);
    });

    it('answers ping while open', async () => {
      assert.equal(await store.ping(), true);
    });
  });
}
