/**
 * The spool writer thread's entry (see EventSpool's `writerThread`): its own connection
 * to the spool file, with the same durability, runs the group commits of appends and
 * the deletes, so their fsyncs never hold the event loop.
 */

import { serveThread } from '../threads/serve-thread.js';
import { openSpoolDatabase, spoolWrites } from './spool-database.js';
import type { WriterCall } from './spool-writer.js';

serveThread<{ readonly file: string }, WriterCall, void>(({ file }) => {
  const db = openSpoolDatabase(file);
  const writes = spoolWrites(db);
  return (call) => {
    if (call.op === 'insert') writes.insert(call.rows);
    else if (call.op === 'delete') writes.remove(call.seqs);
    else db.close();
  };
});
