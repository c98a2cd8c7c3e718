import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { type EventBatch, ShedError } from '../src/index.js';
import { EventSpool } from '../src/spool/event-spool.js';
import { makeBatch, type TempDir, tempDir } from './support/fixtures.js';

/** The spool stores any bytes; a batch's JSON keeps the padding that sizes the tests. */
const encodeBatch = (batch: EventBatch) => Buffer.from(JSON.stringify(batch));

const dirs: TempDir[] = [];
after(() => {
  for (const dir of dirs) dir.remove();
});

function openSpool(overrides: Partial<ConstructorParameters<typeof EventSpool>[0]> = {}) {
  const dir = tempDir();
  dirs.push(dir);
  const file = dir.file('spool.db');
  return { file, spool: new EventSpool({ file, maxBytes: 1024 * 1024, accountShare: 0.5, ...overrides }) };
}

test('appends resolve after their commit and read back oldest first', async () => {
  const { spool } = openSpool();
  const batches = Array.from({ length: 20 }, (_, i) => makeBatch(i % 2 === 0 ? 'a' : 'b'));
  for (const batch of batches) await spool.append(batch, encodeBatch(batch));
  const rows = spool.readOldest(100);
  assert.deepEqual(
    rows.map((r) => r.payloadId),
    batches.map((b) => b.payloadId),
  );
  assert.equal(rows[0]?.accountKey, 'a');
  assert.deepEqual(JSON.parse(rows[3]?.body.toString() ?? ''), batches[3]);
  assert.equal(spool.stats().batches, 20);
  spool.close();
});

test('appends made in the same tick share one transaction', async () => {
  const { spool } = openSpool();
  const before = spool.stats().commits;
  const batches = Array.from({ length: 300 }, () => makeBatch());
  await Promise.all(batches.map((b) => spool.append(b, encodeBatch(b))));
  assert.equal(spool.stats().commits - before, 1, 'one group commit for 300 appends');
  assert.equal(spool.stats().batches, 300);
  spool.close();
});

test('a reopened spool file keeps every committed row, also when it was never closed', async () => {
  const { file, spool } = openSpool();
  const batches = Array.from({ length: 50 }, () => makeBatch('acme', 3));
  await Promise.all(batches.map((b) => spool.append(b, encodeBatch(b))));
  // A second handle on the same file while the first is still open, as after a crash.
  const reopened = new EventSpool({ file, maxBytes: 1024 * 1024, accountShare: 0.5 });
  const rows = reopened.readOldest(1000);
  assert.deepEqual(
    rows.map((r) => r.payloadId),
    batches.map((b) => b.payloadId),
  );
  const bytes = batches.reduce((sum, b) => sum + encodeBatch(b).length, 0);
  assert.deepEqual(
    { batches: reopened.stats().batches, bytes: reopened.stats().bytes },
    { batches: 50, bytes },
    'the byte and row totals are restored at open',
  );
  reopened.close();
  spool.close();
});

test('deleted rows are gone, free their bytes, and stay gone after a reopen', async () => {
  const { file, spool } = openSpool();
  const batches = Array.from({ length: 10 }, () => makeBatch());
  for (const b of batches) await spool.append(b, encodeBatch(b));
  const firstFour = spool.readOldest(4);
  spool.delete(firstFour);
  assert.equal(spool.stats().batches, 6);
  assert.equal(spool.readOldest(1)[0]?.payloadId, batches[4]?.payloadId);
  spool.close();
  const reopened = new EventSpool({ file, maxBytes: 1024 * 1024, accountShare: 0.5 });
  assert.deepEqual(
    reopened.readOldest(100).map((r) => r.payloadId),
    batches.slice(4).map((b) => b.payloadId),
  );
  reopened.close();
});

test('readOldest stops at the byte budget but always returns at least one row', async () => {
  const { spool } = openSpool();
  const big = Array.from({ length: 5 }, () => makeBatch('acme', 1, 2000));
  for (const b of big) await spool.append(b, encodeBatch(b));
  assert.equal(spool.readOldest(100, 1).length, 1);
  assert.equal(spool.readOldest(100, 5000).length, 2);
  spool.close();
});

test('a full spool sheds with a ShedError and a Retry-After, and has room again after a delete', async () => {
  const { spool } = openSpool({ maxBytes: 4000, accountShare: 1 });
  const accepted: string[] = [];
  let shed: unknown;
  for (let i = 0; i < 100 && shed === undefined; i++) {
    const b = makeBatch(`account-${i}`, 1, 500);
    try {
      await spool.append(b, encodeBatch(b));
      accepted.push(b.payloadId);
    } catch (err) {
      shed = err;
    }
  }
  assert.ok(shed instanceof ShedError, 'the append past the cap is a ShedError');
  assert.equal(shed.reason, 'spool-full');
  assert.ok(shed.retryAfterSeconds > 0);
  assert.ok(spool.stats().bytes <= 4000, `holds ${spool.stats().bytes} bytes, cap 4000`);
  assert.equal(spool.stats().batches, accepted.length);
  spool.delete(spool.readOldest(1));
  const again = makeBatch('late', 1, 500);
  await spool.append(again, encodeBatch(again));
  spool.close();
});

test("one account's share protects the other accounts", async () => {
  const { spool } = openSpool({ maxBytes: 10_000, accountShare: 0.25 });
  let hotAccepted = 0;
  let hotBytes = 0;
  let hotShed: unknown;
  while (hotShed === undefined) {
    const b = makeBatch('hot', 1, 400);
    try {
      await spool.append(b, encodeBatch(b));
      hotAccepted += 1;
      hotBytes += encodeBatch(b).length;
    } catch (err) {
      hotShed = err;
    }
  }
  assert.ok(hotShed instanceof ShedError);
  assert.equal(hotShed.reason, 'account-share');
  assert.ok(hotAccepted > 0 && hotBytes <= 2500, `hot account held ${hotBytes} bytes, share 2500`);
  // The others still get in, up to their own shares.
  for (const account of ['calm-1', 'calm-2']) {
    for (let i = 0; i < 3; i++) {
      const b = makeBatch(account, 1, 400);
      await spool.append(b, encodeBatch(b));
    }
  }
  assert.equal(spool.stats().batches, hotAccepted + 6);
  spool.close();
});

test('appends waiting for the same commit cannot overshoot the cap together', async () => {
  const { spool } = openSpool({ maxBytes: 5000, accountShare: 1 });
  const batches = Array.from({ length: 40 }, () => makeBatch('acme', 1, 300));
  const outcomes = await Promise.allSettled(batches.map((b) => spool.append(b, encodeBatch(b))));
  const ok = outcomes.filter((o) => o.status === 'fulfilled').length;
  const shed = outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof ShedError).length;
  assert.equal(ok + shed, 40);
  assert.ok(ok > 0 && shed > 0);
  assert.ok(spool.stats().bytes <= 5000);
  assert.equal(spool.readOldest(100).length, ok, 'only the accepted appends were written');
  spool.close();
});

test('on a writer thread, appends commit there and gather while a commit is under way; reads stay here', async () => {
  const { file, spool } = openSpool({ maxBytes: 64 * 1024 * 1024, accountShare: 1, writerThread: true });
  const batches = Array.from({ length: 600 }, () => makeBatch('a'));
  // Half in one tick, half one per tick: those arrive while the first commit is under way.
  const first = batches.slice(0, 300).map((b) => spool.append(b, encodeBatch(b)));
  const rest: Promise<void>[] = [];
  for (const b of batches.slice(300)) {
    rest.push(spool.append(b, encodeBatch(b)));
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all([...first, ...rest]);
  const { commits, batches: committed, pending } = spool.stats();
  assert.equal(committed, 600);
  assert.equal(pending, 0);
  assert.ok(commits < 300, `grouped: ${commits} commits for 600 appends`);
  const rows = spool.readOldest(1000);
  assert.deepEqual(
    rows.map((r) => r.payloadId),
    batches.map((b) => b.payloadId),
  );
  await spool.delete(rows.slice(0, 100));
  assert.equal(spool.stats().batches, 500);
  await spool.close();
  const reopened = new EventSpool({ file, maxBytes: 64 * 1024 * 1024, accountShare: 1 });
  assert.equal(reopened.stats().batches, 500, 'the writer thread committed them to disk');
  assert.equal(reopened.readOldest(1)[0]?.payloadId, batches[100]?.payloadId);
  reopened.close();
});

test('when the writer thread dies, its commit fails and the spool writes on its own connection', async () => {
  const { spool } = openSpool({
    writerThread: true,
    writerEntry: new URL('./support/dying-spool-writer.ts', import.meta.url),
  });
  const lost = makeBatch('a');
  await assert.rejects(spool.append(lost, encodeBatch(lost)), /writer thread stopped/);
  assert.deepEqual(spool.stats(), { batches: 0, bytes: 0, pending: 0, commits: 0 }, 'nothing is held for it');
  const kept = makeBatch('a');
  await spool.append(kept, encodeBatch(kept));
  assert.deepEqual(
    spool.readOldest(10).map((r) => r.payloadId),
    [kept.payloadId],
  );
  await spool.delete(spool.readOldest(10));
  assert.equal(spool.stats().batches, 0);
  await spool.close();
});
