/**
 * The spool's writer thread, seen from the event loop: appends' group commits and the
 * deletes go to it (spool-writer-main.ts), so their fsyncs never hold the loop. It is
 * not started again when it dies: the event loop's connection takes the writes over.
 */
import { ThreadHost } from '../threads/thread-host.js';
import { workerEntry } from '../threads/worker-entry.js';
import type { SpoolRowInput } from './spool-database.js';

/** What the writer thread is asked to do. */
export type WriterCall =
  | { readonly op: 'insert'; readonly rows: readonly SpoolRowInput[] }
  | { readonly op: 'delete'; readonly seqs: readonly number[] }
  | { readonly op: 'close' };

const WRITER_ENTRY = workerEntry(import.meta.url, 'spool-writer-main');

/** Starts the writer thread on the spool `file`; `entry` swaps its module (tests use one that dies). */
export function startSpoolWriter(file: string, entry: URL = WRITER_ENTRY): ThreadHost<WriterCall, void> {
  const writer = new ThreadHost<WriterCall, void>({
    name: 'the spool writer thread',
    entry,
    workerData: { file },
    respawnMs: false,
    // Idle, the thread does not keep the process alive; with a call outstanding it does.
    unrefWhenIdle: true,
  });
  writer.start();
  return writer;
}
