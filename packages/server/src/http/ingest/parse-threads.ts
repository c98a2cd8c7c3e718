/**
 * Parse threads: `parsePost` (JSON.parse, validation, sampling, folding, encoding: most
 * of an event post's CPU) on worker threads, so the event loop that reads posts, answers
 * SDKs and the admin API and waits for broker confirms does the rest on one core while
 * the parsing uses another. A post goes to the thread with the fewest posts waiting.
 * Small bodies, and every post while no thread is up, are parsed inline: the round trip
 * to a thread would cost more than the parse. A thread that dies fails its waiting posts
 * (ingest answers 500 and nothing was acknowledged) and is started again.
 */
import { ThreadHost, ThreadStoppedError, workerEntry } from '@switchyard/pipeline';
import type { EventsLogger } from '../../guard/events-logger.js';
import { type ParseOutcome, type ParseRequest, parsePost } from './parse-post.js';

/** Bodies smaller than this are parsed inline. */
const INLINE_BELOW = 4096;
const ENTRY = workerEntry(import.meta.url, 'parse-thread-main');

class ParseThread {
  private readonly host: ThreadHost<ParseRequest, ParseOutcome>;

  constructor(entry: URL, log: EventsLogger) {
    this.host = new ThreadHost({ name: 'the event parse thread', entry, log });
  }

  get up(): boolean {
    return this.host.up;
  }

  get waiting(): number {
    return this.host.pending;
  }

  /** Started on the first post it is given, so a node that takes no events runs no thread. */
  start(): void {
    this.host.start();
  }

  parse(request: ParseRequest): Promise<ParseOutcome> {
    if (!this.host.up) return Promise.resolve(parsePost(request));
    return this.host.call(request).catch((error: unknown) => {
      if (error instanceof ThreadStoppedError) throw error;
      throw new Error(`parsing an event post failed: ${(error as Error).message}`);
    });
  }

  close(): Promise<void> {
    return this.host.close(0);
  }
}

export class ParseThreads {
  private readonly threads: ParseThread[];
  private started = false;

  /** `entry`: the threads' module (tests swap in one that can crash). */
  constructor(count: number, log: EventsLogger, entry: URL = ENTRY) {
    this.threads = Array.from({ length: count }, () => new ParseThread(entry, log));
  }

  parse(request: ParseRequest): ParseOutcome | Promise<ParseOutcome> {
    if (this.threads.length === 0 || (request.body?.byteLength ?? 0) < INLINE_BELOW)
      return parsePost(request);
    if (!this.started) {
      this.started = true;
      for (const thread of this.threads) thread.start();
    }
    let best: ParseThread | undefined;
    for (const thread of this.threads) {
      if (thread.up && (best === undefined || thread.waiting < best.waiting)) best = thread;
    }
    return best === undefined ? parsePost(request) : best.parse(request);
  }

  /** Threads running now. */
  get up(): number {
    return this.threads.filter((thread) => thread.up).length;
  }

  /** Posts handed to a thread and not answered yet. */
  get waiting(): number {
    return this.threads.reduce((sum, thread) => sum + thread.waiting, 0);
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.close()));
  }
}
