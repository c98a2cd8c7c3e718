import assert from 'node:assert/strict';
import { ACTOR, eachBackend } from './support/each-backend.js';

eachBackend('segments', (it, world) => {
  it('a segment is created, updated and deleted at its environment’s next data versions, each step audited', async () => {
    const w = world();
    const project = await w.newProject();
    const created = await w.segments.create(project, 'production', 'beta', { included: ['alice'] }, ACTOR);
    assert.equal(created.version, 1);
    assert.equal(created.name, 'beta');
    assert.deepEqual(created.included, ['alice']);
    const updated = await w.segments.update(project, 'production', 'beta', { name: 'Beta' }, 1, ACTOR);
    assert.equal(updated.version, 2);
    assert.deepEqual(updated.included, ['alice']);
    assert.equal(updated.salt, created.salt);
    await w.segments.delete(project, 'production', 'beta', ACTOR);
    await assert.rejects(w.segments.get(project, 'production', 'beta'), { code: 'NOT_FOUND' });
    assert.deepEqual(
      (await w.changesOf(project)).map((c) => [c.environmentKey, c.kind, c.key, c.version, c.deleted]),
      [
        ['production', 'segment', 'beta', 1, false],
        ['production', 'segment', 'beta', 2, false],
        ['production', 'segment', 'beta', 3, true],
      ],
    );
    const audits = (await w.auditOf(project)).filter((a) => a.resourceKind === 'segment');
    assert.deepEqual(
      audits.map((a) => [a.action, a.environmentKey, a.before === null, a.after === null]),
      [
        ['segment.create', 'production', true, false],
        ['segment.update', 'production', false, false],
        ['segment.delete', 'production', false, true],
      ],
    );
  });

  it('refusals carry their codes: twice, missing, stale, invalid rules, unknown environment', async () => {
    const w = world();
    const project = await w.newProject();
    await w.segments.create(project, 'test', 's', {}, ACTOR);
    await assert.rejects(w.segments.create(project, 'test', 's', {}, ACTOR), {
      code: 'ALREADY_EXISTS',
      message: `Segment "${project}/test/s" already exists`,
    });
    await assert.rejects(w.segments.update(project, 'test', 'nope', {}, undefined, ACTOR), {
      code: 'NOT_FOUND',
      message: `Segment "${project}/test/nope" does not exist`,
    });
    await assert.rejects(w.segments.update(project, 'test', 's', { name: 'S' }, 7, ACTOR), {
      code: 'VERSION_CONFLICT',
      message:
        'Segment "s" in "test" was changed by someone else: you sent version 7, the current version is 1; reload and try again',
    });
    await assert.rejects(
      w.segments.update(
        project,
        'test',
        's',
        { rules: [{ clauses: [{ attribute: '', op: 'in', values: [] }], weight: 100001 }] },
        undefined,
        ACTOR,
      ),
      {
        code: 'INVALID_DATA',
        message: 'Segment "s" has invalid rules',
        details: [
          { path: '/rules/0/clauses/0/attribute', message: 'an attribute is required' },
          { path: '/rules/0/weight', message: 'must be an integer from 0 to 100000' },
        ],
      },
    );
    await assert.rejects(w.segments.delete(project, 'test', 'nope', ACTOR), { code: 'NOT_FOUND' });
    await assert.rejects(w.segments.create(project, 'staging', 's', {}, ACTOR), {
      code: 'NOT_FOUND',
      message: `Environment "${project}/staging" does not exist`,
    });
    const segment = await w.segments.get(project, 'test', 's');
    assert.equal(segment.version, 1);
    assert.equal((await w.changesOf(project)).length, 1);
  });
});
