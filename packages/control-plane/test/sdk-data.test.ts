import assert from 'node:assert/strict';
import type { SdkData } from '@switchyard/engine';
import { ACTOR, eachBackend } from './support/each-backend.js';

const flagJson = (key: string, on: boolean) => ({
  key,
  on,
  variations: [true, false],
  offVariation: 1,
  fallthrough: { variation: 0 },
  rules: [{ id: 'r', clauses: [{ attribute: 'country', op: 'in', values: ['NZ'] }], variation: 0 }],
  salt: `salt-${key}`,
});

eachBackend('sdk-data import and export', (it, world) => {
  it('an import replaces the environment’s targeting and segments in one go, auditing each item', async () => {
    const w = world();
    const project = await w.newProject();
    await w.flags.create(project, { key: 'kept', name: 'Kept' }, ACTOR);
    await w.flags.create(project, { key: 'absent', name: 'Absent' }, ACTOR);
    await w.flags.setOn({ projectKey: project, key: 'absent', envKey: 'production', on: true }, ACTOR);
    await w.segments.create(project, 'production', 'old', {}, ACTOR);
    const before = (await w.changesOf(project)).length;
    const data: SdkData = {
      flags: { kept: flagJson('kept', true), brandNew: flagJson('brandNew', false) },
      segments: { vip: { key: 'vip', included: ['alice'], salt: 'seg-salt' } },
    };
    const summary = await w.sdkData.import(project, 'production', data, ACTOR);
    assert.deepEqual(summary, { flags: 2, segments: 1, flagsReset: 1, segmentsDeleted: 1 });

    const exported = await w.sdkData.export(project, 'production');
    assert.deepEqual(Object.keys(exported.flags).sort(), ['absent', 'brandNew', 'kept']);
    assert.equal(exported.flags.kept?.on, true);
    assert.equal(exported.flags.kept?.salt, 'salt-kept');
    assert.equal(exported.flags.absent?.on, false, 'a flag the data lacks is reset to off');
    assert.deepEqual(Object.keys(exported.segments), ['vip']);
    assert.deepEqual(exported.segments.vip?.included, ['alice']);
    // The new flag exists in the other environment too, switched off.
    assert.equal((await w.flags.get(project, 'brandNew')).environments.test?.on, false);

    const changes = (await w.changesOf(project)).slice(before);
    assert.deepEqual(
      changes.map((c) => [c.environmentKey, c.kind, c.key, c.deleted]),
      [
        ['production', 'flag', 'kept', false],
        ['production', 'flag', 'brandNew', false],
        ['test', 'flag', 'brandNew', false],
        ['production', 'flag', 'brandNew', false],
        ['production', 'flag', 'absent', false],
        ['production', 'segment', 'old', true],
        ['production', 'segment', 'vip', false],
      ],
    );
    const versions = changes.filter((c) => c.environmentKey === 'production').map((c) => c.version);
    assert.deepEqual(
      versions,
      [...versions].sort((a, b) => a - b),
      'each production change takes the next version',
    );
    const actions = (await w.auditOf(project)).slice(-6).map((a) => [a.action, a.resourceKey]);
    assert.deepEqual(actions, [
      ['flag.targeting.import', 'kept'],
      ['flag.create', 'brandNew'],
      ['flag.targeting.import', 'brandNew'],
      ['flag.targeting.reset', 'absent'],
      ['segment.delete', 'old'],
      ['segment.import', 'vip'],
    ]);
  });

  it('invalid data or variations that differ from the project’s are refused and change nothing', async () => {
    const w = world();
    const project = await w.newProject();
    await w.flags.create(project, { key: 'f', name: 'F', variations: ['a', 'b'] }, ACTOR);
    const changes = (await w.changesOf(project)).length;
    const audits = (await w.auditOf(project)).length;
    const invalid: SdkData = {
      flags: { g: { ...flagJson('other', true), fallthrough: { variation: 9 } } },
      segments: { s: { rules: [{ clauses: [{ attribute: 'x', op: 'nope', values: [] }] }] } },
    };
    await assert.rejects(w.sdkData.import(project, 'production', invalid, ACTOR), (error: unknown) => {
      const { code, message, details } = error as {
        code: string;
        message: string;
        details: { path: string }[];
      };
      assert.equal(code, 'INVALID_DATA');
      assert.equal(message, 'The SDK data has 3 problem(s); nothing was changed');
      assert.deepEqual(
        details.map((d) => d.path),
        ['/flags/g/key', '/flags/g/fallthrough/variation', '/segments/s/rules/0/clauses/0/op'],
      );
      return true;
    });
    await assert.rejects(
      w.sdkData.import(project, 'production', { flags: { f: flagJson('f', true) } }, ACTOR),
      {
        code: 'INVALID_DATA',
        message: "The SDK data conflicts with the project's flags; nothing was changed",
      },
    );
    await assert.rejects(w.sdkData.import(project, 'staging', {}, ACTOR), { code: 'NOT_FOUND' });
    assert.equal((await w.changesOf(project)).length, changes);
    assert.equal((await w.auditOf(project)).length, audits);
  });
});
