/**
 * The spool writer thread's entry (see EventSpool's `writerThread`): its own connection
 * to the spool file, with the same durability, runs the group commits of appends and
 * the deletes, so their fsyncs never hold the event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WriterCall, WriterReply } from './event-spool.js';
import { openSpoolDatabase, spoolWrites } from './spool-database.js';

const port = parentPort;
if (port === null) throw new Error('spool-writer-main runs only as a worker thread');
const db = openSpoolDatabase((workerData as { file: string }).file);
const writes = spoolWrites(db);

port.on('message', (call: WriterCall) => {
  let reply: WriterReply;
  try {
    if (call.op === 'insert') writes.insert(call.rows);
    else if (call.op === 'delete') writes.remove(call.seqs);
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
