import assert from 'node:assert/strict';
import { ACTOR, eachBackend, NOW } from './support/each-backend.js';

const at = NOW.toISOString();

eachBackend('flags', (it, world) => {
  it('creating a flag switches it off in every environment, with a change record per environment and one audit entry', async () => {
    const w = world();
    const project = await w.newProject();
    const { flag, environments } = await w.flags.create(
      project,
      { key: 'checkout', name: 'Checkout' },
      ACTOR,
    );
    assert.deepEqual(flag.variations, [true, false]);
    assert.equal(flag.version, 1);
    assert.deepEqual(Object.keys(environments).sort(), ['production', 'test']);
    assert.equal(environments.production?.on, false);
    assert.equal(environments.production?.offVariation, 1);
    assert.equal(environments.production?.version, 1);
    const changes = await w.changesOf(project);
    assert.deepEqual(
      changes.map(({ environmentKey, kind, key, version, deleted }) => ({
        environmentKey,
        kind,
        key,
        version,
        deleted,
      })),
      [
        { environmentKey: 'production', kind: 'flag', key: 'checkout', version: 1, deleted: false },
        { environmentKey: 'test', kind: 'flag', key: 'checkout', version: 1, deleted: false },
      ],
    );
    assert.ok(changes.every((c) => c.at === at));
    const audit = (await w.auditOf(project)).at(-1);
    assert.equal(audit?.action, 'flag.create');
    assert.equal(audit?.resourceKey, 'checkout');
    assert.equal(audit?.environmentKey, null);
    assert.deepEqual(audit?.actor, ACTOR);
    assert.equal(audit?.before, null);
    assert.deepEqual(audit?.after, JSON.parse(JSON.stringify(flag)));
  });

  it('creating a flag twice, in a missing project or with unusable variations is refused with its code', async () => {
    const w = world();
    const project = await w.newProject();
    await w.flags.create(project, { key: 'a', name: 'A' }, ACTOR);
    await assert.rejects(w.flags.create(project, { key: 'a', name: 'A' }, ACTOR), {
      code: 'ALREADY_EXISTS',
      message: `Flag "${project}/a" already exists`,
    });
    await assert.rejects(w.flags.create('nowhere', { key: 'a', name: 'A' }, ACTOR), { code: 'NOT_FOUND' });
    await assert.rejects(w.flags.create(project, { key: 'b', name: 'B', variations: ['x', 2] }, ACTOR), {
      code: 'INVALID_DATA',
      details: [
        {
          path: '/variations/1',
          message: 'all variations must be of one type: this one is number, the first is string',
        },
      ],
    });
    await assert.rejects(w.flags.get(project, 'b'), { code: 'NOT_FOUND' });
  });

  it('updating a flag bumps its version and moves every environment to its next data version', async () => {
    const w = world();
    const project = await w.newProject();
    await w.flags.create(project, { key: 'f', name: 'F' }, ACTOR);
    const after = await w.flags.update(project, 'f', { name: 'Renamed', tags: ['x'] }, 1, ACTOR);
    assert.equal(after.version, 2);
    assert.equal(after.name, 'Renamed');
    const { environments } = await w.flags.get(project, 'f');
    assert.equal(environments.production?.version, 2);
    assert.equal(environments.test?.version, 2);
    const changes = (await w.changesOf(project)).slice(-2);
    assert.deepEqual(
      changes.map((c) => [c.environmentKey, c.version, c.deleted]),
      [
        ['production', 2, false],
        ['test', 2, false],
      ],
    );
    const audit = (await w.auditOf(project)).at(-1);
    assert.equal(audit?.action, 'flag.update');
    assert.equal((audit?.before as { name?: string } | undefined)?.name, 'F');
    assert.equal((audit?.after as { name?: string } | undefined)?.name, 'Renamed');
  });

  it('a stale version is a conflict and changes nothing', async () => {
    const w = world();
    const project = await w.newProject();
    await w.flags.create(project, { key: 'f', name: 'F' }, ACTOR);
    await w.flags.update(project, 'f', { name: 'G' }, 1, ACTOR);
    const changes = (await w.changesOf(project)).length;
    const audits = (await w.auditOf(project)).length;
    await assert.rejects(w.flags.update(project, 'f', { name: 'H' }, 1, ACTOR), {
      code: 'VERSION_CONFLICT',
      message: `Flag "${project}/f" was changed by someone else: you sent version 1, the current version is 2; reload and try again`,
    });
    const { environments } = await w.flags.get(project, 'f');
    await assert.rejects(
      w.flags.setOn(
        { projectKey: project, key: 'f', envKey: 'production', on: true, expectedVersion: 1 },
        ACTOR,
      ),
      {
        code: 'VERSION_CONFLICT',
        message: `Flag "f" in "production" was changed by someone else: you sent version 1, the current version is ${environments.production?.version}; reload and try again`,
      },
    );
    assert.equal((await w.flags.get(project, 'f')).flag.name, 'G');
    assert.equal((await w.changesOf(project)).length, changes);
    assert.equal((await w.auditOf(project)).length, audits);
  });

  it('archiving records the flag as deleted for SDKs; unarchiving brings it back', async () => {
    const w = world();
    const project = await w.newProject();
    await w.flags.create(project, { key: 'f', name: 'F' }, ACTOR);
    await w.flags.update(project, 'f', { archived: true }, undefined, ACTOR);
    assert.deepEqual(
      (await w.changesOf(project)).slice(-2).map((c) => c.deleted),
      [true, true],
    );
    assert.equal((await w.auditOf(project)).at(-1)?.action, 'flag.archive');
    await w.flags.setOn({ projectKey: project, key: 'f', envKey: 'test', on: true }, ACTOR);
    assert.equal((await w.changesOf(project)).at(-1)?.deleted, true);
    await w.flags.update(project, 'f', { archived: false }, undefined, ACTOR);
    assert.equal((await w.auditOf(project)).at(-1)?.action, 'flag.unarchive');
    assert.equal((await w.changesOf(project)).at(-1)?.deleted, false);
  });

  it('toggling takes the environment’s next data version and audits the switch', async () => {
    const w = world();
    const project = await w.newProject();
    await w.flags.create(project, { key: 'f', name: 'F' }, ACTOR);
    const on = await w.flags.setOn(
      { projectKey: project, key: 'f', envKey: 'production', on: true, expectedVersion: 1 },
      ACTOR,
    );
    assert.equal(on.on, true);
    assert.equal(on.version, 2);
    const off = await w.flags.setOn(
      { projectKey: project, key: 'f', envKey: 'production', on: false, expectedVersion: 2 },
      ACTOR,
    );
    assert.equal(off.version, 3);
    assert.equal((await w.projects.getEnvironment(project, 'production')).dataVersion, 3);
    assert.equal((await w.projects.getEnvironment(project, 'test')).dataVersion, 1);
    const audits = (await w.auditOf(project)).slice(-2);
    assert.deepEqual(
      audits.map((a) => [
        a.action,
        a.environmentKey,
        (a.before as { on: boolean }).on,
        (a.after as { on: boolean }).on,
      ]),
      [
        ['flag.turn-on', 'production', false, true],
        ['flag.turn-off', 'production', true, false],
      ],
    );
    assert.deepEqual(
      (await w.changesOf(project)).slice(-2).map((c) => [c.environmentKey, c.version]),
      [
        ['production', 2],
        ['production', 3],
      ],
    );
  });

  it('targeting is checked against the flag’s variations and refused with every problem named', async () => {
    const w = world();
    const project = await w.newProject();
    await w.flags.create(project, { key: 'f', name: 'F' }, ACTOR);
    const targeting = {
      on: true,
      offVariation: 1,
      fallthrough: { variation: 0 },
      targets: [],
      contextTargets: [],
      rules: [
        {
          clauses: [{ attribute: 'email', op: 'endsWith', values: ['@x.com'] }],
          variation: 0,
          trackEvents: false,
        },
      ],
      prerequisites: [],
      trackEvents: false,
      trackEventsFallthrough: false,
      debugEventsUntilDate: null,
    };
    const config = await w.flags.setTargeting(
      { projectKey: project, key: 'f', envKey: 'production', input: targeting },
      ACTOR,
    );
    assert.equal(config.rules[0]?.id, 'rule-1-0');
    assert.equal(config.salt, (await w.flags.get(project, 'f')).environments.production?.salt);
    assert.equal((await w.auditOf(project)).at(-1)?.action, 'flag.targeting.update');
    const bad = {
      ...targeting,
      fallthrough: { variation: 5 },
      rules: [
        { clauses: [{ attribute: 'email', op: 'looksLike', values: [] }], variation: 0, trackEvents: false },
      ],
    };
    await assert.rejects(
      w.flags.setTargeting({ projectKey: project, key: 'f', envKey: 'production', input: bad }, ACTOR),
      (error: unknown) => {
        const { code, details } = error as { code: string; details: { path: string }[] };
        assert.equal(code, 'INVALID_DATA');
        assert.deepEqual(
          details.map((d) => d.path),
          ['/fallthrough/variation', '/rules/0/clauses/0/op'],
        );
        return true;
      },
    );
    await assert.rejects(
      w.flags.setOn({ projectKey: project, key: 'f', envKey: 'staging', on: true }, ACTOR),
      {
        code: 'NOT_FOUND',
        message: `Environment "${project}/staging" does not exist`,
      },
    );
    await assert.rejects(
      w.flags.setOn({ projectKey: project, key: 'nope', envKey: 'production', on: true }, ACTOR),
      {
        code: 'NOT_FOUND',
      },
    );
  });

  it('new variations must fit every environment’s targeting', async () => {
    const w = world();
    const project = await w.newProject();
    await w.flags.create(project, { key: 'f', name: 'F', variations: ['a', 'b', 'c'] }, ACTOR);
    await assert.rejects(
      w.flags.update(project, 'f', { variations: ['a'] }, undefined, ACTOR),
      (error: unknown) => {
        const { code, details } = error as { code: string; details: { path: string }[] };
        assert.equal(code, 'INVALID_DATA');
        assert.ok(details.some((d) => d.path === '/environments/production/offVariation'));
        return true;
      },
    );
    assert.equal((await w.flags.get(project, 'f')).flag.version, 1);
  });

  it('deleting a flag records its removal in every environment; versions keep growing after a re-creation', async () => {
    const w = world();
    const project = await w.newProject();
    await w.flags.create(project, { key: 'f', name: 'F' }, ACTOR);
    await w.flags.delete(project, 'f', ACTOR);
    await assert.rejects(w.flags.get(project, 'f'), { code: 'NOT_FOUND' });
    await assert.rejects(w.flags.delete(project, 'f', ACTOR), { code: 'NOT_FOUND' });
    assert.deepEqual(
      (await w.changesOf(project)).slice(-2).map((c) => [c.environmentKey, c.version, c.deleted]),
      [
        ['production', 2, true],
        ['test', 2, true],
      ],
    );
    const audit = (await w.auditOf(project)).at(-1);
    assert.equal(audit?.action, 'flag.delete');
    assert.equal(audit?.after, null);
    const { environments } = await w.flags.create(project, { key: 'f', name: 'F' }, ACTOR);
    assert.equal(environments.production?.version, 3);
  });

  it('the system project’s flags cannot be deleted or archived', async () => {
    const w = world();
    const project = `sys-${Math.random().toString(36).slice(2, 8)}`;
    await w.projects.create({ key: project, name: 'System' }, ACTOR, { system: true });
    await w.flags.create(project, { key: 'f', name: 'F' }, ACTOR);
    await assert.rejects(w.flags.delete(project, 'f', ACTOR), { code: 'PROTECTED_RESOURCE' });
    await assert.rejects(w.flags.update(project, 'f', { archived: true }, undefined, ACTOR), {
      code: 'PROTECTED_RESOURCE',
    });
    assert.equal(
      (await w.flags.setOn({ projectKey: project, key: 'f', envKey: 'production', on: true }, ACTOR)).on,
      true,
    );
  });
});
