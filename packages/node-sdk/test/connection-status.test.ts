import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ConnectionStatus, init, TestData } from '../src/index.js';
import { serverFixture, waitFor } from './support/server.js';

const fixture = serverFixture();

test('a streaming client goes initializing, valid, interrupted when cut off, valid again, then off when closed', async () => {
  const p = await fixture.proxy();
  const c = fixture.client({ baseUri: `http://127.0.0.1:${p.port}` });
  assert.equal(c.getStatus().state, 'initializing');
  const seen: ConnectionStatus[] = [];
  c.on('status', (status) => seen.push(status));
  await c.waitForInitialization({ timeout: 30 });
  await waitFor(() => c.getStatus().state === 'valid', { what: 'the status to become valid' });
  const validSince = c.getStatus().stateSince;
  await p.cut();
  await waitFor(() => c.getStatus().state === 'interrupted', { what: 'the status to become interrupted' });
  const interrupted = c.getStatus();
  assert.ok(interrupted.lastError !== undefined, 'an interrupted status says what went wrong');
  assert.ok(interrupted.stateSince >= validSince);
  await p.restore();
  await waitFor(() => c.getStatus().state === 'valid', { what: 'the status to be valid again' });
  await c.close();
  assert.equal(c.getStatus().state, 'off');
  assert.deepEqual(
    seen.map((s) => s.state),
    ['valid', 'interrupted', 'valid', 'off'],
  );
});

test('a polling client: initializing while the server cannot be reached, interrupted when a poll fails after data', async () => {
  const p = await fixture.proxy();
  await p.cut();
  const c = fixture.client({ baseUri: `http://127.0.0.1:${p.port}`, stream: false, pollIntervalMs: 1000 });
  await waitFor(() => c.getStatus().lastError !== undefined, { what: 'the first poll to fail' });
  assert.equal(c.getStatus().state, 'initializing');
  await p.restore();
  await waitFor(() => c.getStatus().state === 'valid', { what: 'a poll to bring data' });
  await p.cut();
  await waitFor(() => c.getStatus().state === 'interrupted', { what: 'a failed poll after data' });
  assert.equal(c.boolVariation('checkout', { kind: 'user', key: 'alice' }, false), true);
});

test('a refused SDK key turns the status off with the error', async () => {
  const c = init('sdk-not-a-key', { baseUri: fixture.env.server.url });
  fixture.onClose(() => c.close());
  await waitFor(() => c.getStatus().state === 'off', { what: 'the refusal' });
  assert.match(c.getStatus().lastError?.message ?? '', /401/);
});

test('an offline client is off; a TestData client is valid at once', () => {
  const offline = init('', { offline: true });
  assert.equal(offline.getStatus().state, 'off');
  const c = init('', { dataSource: new TestData() });
  assert.equal(c.getStatus().state, 'valid');
  void offline.close();
  void c.close();
});

test('one data change reports every flag it may affect: prerequisites, segments and segments in segments', () => {
  const td = new TestData();
  td.usePreconfiguredSegment({ key: 'inner', included: ['bob'], salt: 's' });
  td.usePreconfiguredSegment({
    key: 'outer',
    rules: [{ clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['inner'] }] }],
    salt: 's',
  });
  const matching = (key: string, segment: string) => ({
    key,
    on: true,
    variations: [true, false],
    offVariation: 1,
    fallthrough: { variation: 1 },
    rules: [
      { id: 'r', variation: 0, clauses: [{ attribute: 'key', op: 'segmentMatch', values: [segment] }] },
    ],
    salt: key,
  });
  td.usePreconfiguredFlag(matching('by-inner', 'inner'));
  td.usePreconfiguredFlag(matching('by-outer', 'outer'));
  td.usePreconfiguredFlag({
    ...matching('after-outer', 'nothing'),
    prerequisites: [{ key: 'by-outer', variation: 0 }],
  });
  td.update(td.flag('unrelated').variationForAll(true));
  const c = init('', { dataSource: td });
  const batches: string[][] = [];
  const each: string[] = [];
  c.on('changes', ({ keys }) => batches.push([...keys].sort()));
  c.on('update', ({ key }) => each.push(key));
  const carol = { kind: 'user', key: 'carol' };
  assert.equal(c.boolVariation('after-outer', carol, true), false);
  td.usePreconfiguredSegment({ key: 'inner', included: ['bob', 'carol'], salt: 's' });
  assert.deepEqual(batches, [['after-outer', 'by-inner', 'by-outer']]);
  assert.deepEqual(each.sort(), ['after-outer', 'by-inner', 'by-outer']);
  assert.equal(c.boolVariation('by-outer', carol, false), true);
  td.update(td.flag('unrelated').variationForAll(false));
  assert.deepEqual(batches.at(-1), ['unrelated']);
  void c.close();
});
