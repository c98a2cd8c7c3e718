/**
 * The spool writer thread's entry (see EventSpool's `writerThread`): its own connection
 * to the spool file, with the same durability, runs the group commits of appends and
 * the deletes, so their fsyncs never hold the event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { WriterCall, WriterReply } from './event-spool.js';

const port = parentPort;
if (port === null) throw new Error('spool-writer-main runs only as a worker thread');
const db = new Database((workerData as { file: string }).file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
db.pragma('journal_size_limit = 67108864');
const insert = db.prepare(
  'INSERT INTO spool (payload_id, account, bytes, received_at, body) VALUES (?, ?, ?, ?, ?)',
);
const remove = db.prepare('DELETE FROM spool WHERE seq = ?');
const inserts = db.transaction((call: Extract<WriterCall, { op: 'insert' }>) => {
  for (const row of call.rows) insert.run(row.payloadId, row.accountKey, row.bytes, row.receivedAt, row.body);
});
const deletes = db.transaction((seqs: readonly number[]) => {
  for (const seq of seqs) remove.run(seq);
});

port.on('message', (call: WriterCall) => {
  let reply: WriterReply;
  try {
    if (call.op === 'insert') inserts(call);
    else if (call.op === 'delete') deletes(call.seqs);
    else db.close();
    reply = { id: call.id };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    reply = {
      id: call.id,
      error: error instanceof Error ? error.message : String(error),
      ...(typeof code === 'string' ? { code } : {}),
    };
  }
  port.postMessage(reply);
});
