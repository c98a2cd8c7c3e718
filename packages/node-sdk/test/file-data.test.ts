import assert from 'node:assert/strict';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FileData, init } from '../src/index.js';
import { recordingLogger } from './support/recording-logger.js';
import { createCheckoutFlag, startServerWithProject, waitFor } from './support/server.js';

const alice = { kind: 'user', key: 'alice' };
const bob = { kind: 'user', key: 'bob', country: 'no' };
const dirs: string[] = [];

after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-files-'));
  dirs.push(dir);
  return dir;
}

const nordics = {
  key: 'nordics',
  version: 3,
  included: ['alice'],
  rules: [{ clauses: [{ attribute: 'country', op: 'in', values: ['no', 'se'] }] }],
  salt: 's',
};
const banner = {
  key: 'banner',
  version: 7,
  on: true,
  variations: ['plain', 'nordic'],
  fallthrough: { variation: 0 },
  offVariation: 0,
  rules: [{ id: 'r', variation: 1, clauses: [{ attribute: '', op: 'segmentMatch', values: ['nordics'] }] }],
  salt: 'b',
};

test("LaunchDarkly's flag-file format: flags, flagValues and segments, merged over several files", async () => {
  const dir = await folder();
  await writeFile(join(dir, 'flags.json'), JSON.stringify({ flags: { banner }, segments: { nordics } }));
  await writeFile(
    join(dir, 'values.json'),
    JSON.stringify({ flagValues: { limit: 25, theme: { dark: true } } }),
  );
  const c = init('', {
    dataSource: new FileData({ paths: [join(dir, 'flags.json'), join(dir, 'values.json')] }),
  });
  await c.waitForInitialization({ timeout: 10 });
  assert.equal(c.stringVariation('banner', alice, 'none'), 'nordic', 'alice is included in the segment');
  assert.equal(c.stringVariation('banner', bob, 'none'), 'nordic', 'bob matches its rule');
  assert.equal(c.stringVariation('banner', { kind: 'user', key: 'eve' }, 'none'), 'plain');
  assert.deepEqual(c.numberVariationDetail('limit', alice, 0), {
    value: 25,
    variationIndex: 0,
    reason: { kind: 'FALLTHROUGH' },
  });
  assert.deepEqual(c.jsonVariation('theme', alice, {}), { dark: true });
  await c.close();
});

test('a key defined in two files is refused with a message saying which', async () => {
  const dir = await folder();
  await writeFile(join(dir, 'a.json'), JSON.stringify({ flagValues: { limit: 1 } }));
  await writeFile(join(dir, 'b.json'), JSON.stringify({ flagValues: { limit: 2 } }));
  const logger = recordingLogger();
  const c = init('', {
    logger,
    dataSource: new FileData({ paths: [join(dir, 'a.json'), join(dir, 'b.json')] }),
  });
  await assert.rejects(c.waitForInitialization({ timeout: 1 }));
  assert.match(c.getStatus().lastError?.message ?? '', /b\.json: the flag "limit" is defined twice/);
  assert.equal(c.numberVariation('limit', alice, 0), 0);
  await c.close();
});

test("a file of the server's sdk-data export serves what the server serves", async () => {
  const { server } = await startServerWithProject();
  try {
    await createCheckoutFlag(server);
    const exported = await server.api('GET', '/api/v1/projects/app/environments/production/sdk-data');
    assert.equal(exported.status, 200);
    const file = join(await folder(), 'export.json');
    await writeFile(file, JSON.stringify(exported.body));
    const c = init('', { dataSource: new FileData({ paths: [file] }) });
    await c.waitForInitialization({ timeout: 10 });
    assert.deepEqual(c.boolVariationDetail('checkout', alice, false), {
      value: true,
      variationIndex: 0,
      reason: { kind: 'TARGET_MATCH' },
    });
    assert.equal(c.boolVariation('checkout', { kind: 'user', key: 'bob' }, true), false);
    await c.close();
  } finally {
    await server.close();
  }
});

test('with autoUpdate a changed file reaches the listeners; a malformed one is logged and the last good data kept', async () => {
  const dir = await folder();
  const file = join(dir, 'flags.json');
  await writeFile(file, JSON.stringify({ flagValues: { limit: 10, other: 'x' } }));
  const logger = recordingLogger();
  const c = init('', { logger, dataSource: new FileData({ paths: [file], autoUpdate: true }) });
  await c.waitForInitialization({ timeout: 10 });
  const updated: string[] = [];
  c.on('update', ({ key }) => updated.push(key));

  await writeFile(file, JSON.stringify({ flagValues: { limit: 20, other: 'x' } }));
  await waitFor(() => c.numberVariation('limit', alice, 0) === 20, { what: 'the new limit from the file' });
  assert.deepEqual(updated, ['limit'], 'only the flag that changed is reported');

  await writeFile(file, '{"flagValues": {"limit": 3');
  await waitFor(() => logger.lines.some((m) => /unusable/.test(m)), { what: 'the malformed file logged' });
  assert.equal(c.numberVariation('limit', alice, 0), 20, 'the last good data is kept');
  assert.equal(c.getStatus().state, 'interrupted');

  // Replaced by a rename, as editors save: the folder is watched, so this is seen too.
  await writeFile(join(dir, 'next.tmp'), JSON.stringify({ flagValues: { limit: 30, other: 'x' } }));
  await rename(join(dir, 'next.tmp'), file);
  await waitFor(() => c.numberVariation('limit', alice, 0) === 30, { what: 'the renamed file' });
  assert.equal(c.getStatus().state, 'valid');
  await c.close();
});
