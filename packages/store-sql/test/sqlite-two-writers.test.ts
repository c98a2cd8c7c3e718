/**
 * Two connections writing one SQLite file, as the server and its consumer thread do: a
 * store transaction that reads and then writes must not fail while the other connection
 * commits in between (SQLITE_BUSY_SNAPSHOT under a deferred BEGIN).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { createSqlStore } from '../src/sql-store.js';

/** Commits one small write after another on its own connection until told to stop. */
const OTHER_WRITER = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.module);
const db = new SQLite(workerData.file);
db.pragma('busy_timeout = 5000');
const insert = db.prepare('INSERT INTO processed_payloads (project_key, environment_key, payload_id, processed_at) VALUES (?, ?, ?, ?)');
let stop = false;
let commits = 0;
parentPort.on('message', () => { stop = true; });
const loop = () => {
  for (let i = 0; i < 20; i++) { db.transaction(() => insert.run('p', 'e', 'id-' + commits, Date.now()))(); commits++; }
  if (stop) { db.close(); parentPort.postMessage(commits); } else setImmediate(loop);
};
loop();
`;

test('a read-then-write transaction succeeds while another connection keeps committing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-two-writers-'));
  const file = join(dir, 'switchyard.db');
  const store = await createSqlStore({ kind: 'sqlite', file });
  try {
    await store.transaction((tx) =>
      tx.insertAccount({
        key: 'acme',
        name: 'Acme',
        plan: 'free',
        limits: {},
        createdAt: new Date(0).toISOString(),
      }),
    );
    const worker = new Worker(OTHER_WRITER, {
      eval: true,
      workerData: { file, module: createRequire(import.meta.url).resolve('better-sqlite3') },
    });
    const commits = new Promise<number>((resolve) => worker.once('message', resolve));
    let updates = 0;
    const until = Date.now() + 1500;
    while (Date.now() < until) {
      await store.transaction(async (tx) => {
        const account = await tx.getAccount('acme');
        assert.ok(account);
        // Let the other thread commit between the read and the write.
        await new Promise((resolve) => setImmediate(resolve));
        await tx.updateAccount({ ...account, name: `Acme ${updates}` });
      });
      updates++;
    }
    worker.postMessage('stop');
    const theirs = await commits;
    await worker.terminate();
    assert.ok(theirs >= 10, `the other connection committed meanwhile (${theirs})`);
    assert.ok(updates >= 10, `our transactions went through (${updates})`);
    assert.equal((await store.getAccount('acme'))?.name, `Acme ${updates - 1}`);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});
