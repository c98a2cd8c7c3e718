import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { commit } from '../src/commit.js';
import { ACTOR, eachBackend, NOW, type World } from './support/each-backend.js';

const src = join(import.meta.dirname, '..', 'src');

test('only the commit path opens transactions and writes audit entries, change records and data versions', () => {
  const writers = /\.transaction\(|\.appendAudit\(|\.appendChange\(|\.nextDataVersion\(/;
  const files = readdirSync(src).filter((name) => name.endsWith('.ts'));
  assert.deepEqual(
    files.filter((name) => writers.test(readFileSync(join(src, name), 'utf8'))),
    ['commit.ts'],
  );
});

/** Every write use case, each run once against a fresh project. */
const WRITES: Record<string, (w: World, project: string) => Promise<unknown>> = {
  'account.create': (w) => w.accounts.create({ key: `acc-${Math.random()}`, name: 'A' }, ACTOR),
  'account.update': (w) => w.accounts.update('default', { plan: 'standard' }, ACTOR),
  'project.create': (w) => w.newProject(),
  'environment.create': (w, p) => w.projects.createEnvironment(p, { key: 'staging' }, ACTOR),
  'environment.update': (w, p) => w.projects.changeEnvironment(p, 'test', { secureMode: true }, ACTOR),
  'environment.rotate': (w, p) => w.projects.rotateCredential(p, 'test', 'sdkKey', ACTOR),
  'flag.create': (w, p) => w.flags.create(p, { key: 'other', name: 'O' }, ACTOR),
  'flag.update': (w, p) => w.flags.update(p, 'f', { name: 'G' }, undefined, ACTOR),
  'flag.turn-on': (w, p) => w.flags.setOn({ projectKey: p, key: 'f', envKey: 'test', on: true }, ACTOR),
  'flag.targeting.update': async (w, p) => {
    const { version: _version, salt: _salt, ...rest } = (await w.flags.get(p, 'f')).environments.test ?? {};
    w.watch();
    return w.flags.setTargeting({ projectKey: p, key: 'f', envKey: 'test', input: rest as never }, ACTOR);
  },
  'flag.delete': (w, p) => w.flags.delete(p, 'f', ACTOR),
  'segment.create': (w, p) => w.segments.create(p, 'test', 'other', {}, ACTOR),
  'segment.update': (w, p) => w.segments.update(p, 'test', 's', { name: 'S' }, undefined, ACTOR),
  'segment.delete': (w, p) => w.segments.delete(p, 'test', 's', ACTOR),
  'sdk-data.import': (w, p) => w.sdkData.import(p, 'test', { flags: {}, segments: {} }, ACTOR),
  'token.create': (w) => w.tokens.create({ name: 't', role: 'reader' }, ACTOR),
  'token.revoke': async (w) => {
    const { token } = await w.tokens.create({ name: 't', role: 'reader' }, ACTOR);
    w.watch();
    return w.tokens.revoke(token.id, ACTOR);
  },
  'token.bootstrap': (w) => w.tokens.ensureBootstrapToken(`boot-${Math.random()}`),
};

eachBackend('the commit path', (it, world) => {
  async function projectWithData(w: World): Promise<string> {
    const project = await w.newProject();
    await w.flags.create(project, { key: 'f', name: 'F' }, ACTOR);
    await w.segments.create(project, 'test', 's', {}, ACTOR);
    return project;
  }

  it('every write is one committed transaction that records at least one audit entry', async () => {
    const w = world();
    for (const [name, write] of Object.entries(WRITES)) {
      const project = await projectWithData(w);
      w.watch();
      await write(w, project);
      assert.equal(w.transactions.length, 1, `${name}: one transaction`);
      assert.ok(w.transactions[0]?.committed, `${name}: committed`);
      assert.ok((w.transactions[0]?.audits ?? 0) >= 1, `${name}: audited`);
    }
  });

  it('a commit that records no audit entry is refused and writes nothing', async () => {
    const w = world();
    const project = await w.newProject();
    const deps = { store: w.store, clock: { now: () => NOW } };
    await assert.rejects(
      commit(deps, ACTOR, (c) =>
        c.tx.updateAccount({ key: 'default', name: 'Renamed', plan: 'x', limits: {}, createdAt: '' }),
      ),
      /must record an audit entry/,
    );
    assert.notEqual((await w.accounts.get('default')).name, 'Renamed');
    await assert.rejects(
      commit(deps, ACTOR, (c) =>
        c.change({
          item: { ...itemOf(project), read: async () => undefined },
          apply: (_before, version) => ({ version }),
        }),
      ),
      /must record an audit entry/,
    );
    assert.equal((await w.changesOf(project)).length, 0);
    assert.equal((await w.projects.getEnvironment(project, 'test')).dataVersion, 0);
  });

  for (const [step, write] of [
    ['appendAudit', (w: World, p: string) => w.flags.create(p, { key: 'g', name: 'G' }, ACTOR)],
    [
      'appendChange',
      (w: World, p: string) =>
        w.flags.setOn({ projectKey: p, key: 'f', envKey: 'production', on: true }, ACTOR),
    ],
    ['putFlagConfig', (w: World, p: string) => w.flags.update(p, 'f', { name: 'G' }, undefined, ACTOR)],
    [
      'putSegment',
      (w: World, p: string) =>
        w.sdkData.import(p, 'test', { flags: {}, segments: { a: { key: 'a' }, b: { key: 'b' } } }, ACTOR),
    ],
  ] as const) {
    it(`a failure of ${step} midway leaves neither the write nor its audit entry nor its change records`, async () => {
      const w = world();
      const project = await projectWithData(w);
      const changes = await w.changesOf(project);
      const audits = await w.auditOf(project);
      const flag = await w.flags.get(project, 'f');
      const versions = (await w.projects.listEnvironments(project)).map((e) => e.dataVersion);
      w.failNext(step);
      await assert.rejects(write(w, project), new RegExp(`injected failure of ${step}`));
      assert.deepEqual(await w.changesOf(project), changes);
      assert.deepEqual(await w.auditOf(project), audits);
      assert.deepEqual(await w.flags.get(project, 'f'), flag);
      await assert.rejects(w.flags.get(project, 'g'), { code: 'NOT_FOUND' });
      assert.deepEqual(
        (await w.segments.list(project, 'test')).map((s) => s.key),
        ['s'],
      );
      assert.deepEqual(
        (await w.projects.listEnvironments(project)).map((e) => e.dataVersion),
        versions,
        'the data versions taken are given back',
      );
    });
  }
});

function itemOf(projectKey: string) {
  return {
    kind: 'flag' as const,
    projectKey,
    environmentKey: 'test',
    key: 'x',
    name: 'x',
    shortName: 'x',
    write: async () => {},
    remove: async () => {},
  };
}
