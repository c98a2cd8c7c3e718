/** The messages between a ThreadHost and the thread serveThread runs. */
import type { ThreadLogRecord } from './thread-log.js';

/** A call to the thread, answered with the same `id`. */
export interface ThreadRequest<Call> {
  readonly id: number;
  readonly call: Call;
}

/** The thread's answer to a call (its reply, or the error its handler threw), or a log record. */
export type ThreadReply<Reply> =
  | { readonly id: number; readonly reply: Reply }
  | { readonly id: number; readonly error: string; readonly code?: string }
  | ThreadLogRecord;
