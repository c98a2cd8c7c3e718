/**
 * Parse threads: `parsePost` (JSON.parse, validation, sampling, folding, encoding: most
 * of an event post's CPU) on worker threads, so the event loop that reads posts, answers
 * SDKs and the admin API and waits for broker confirms does the rest on one core while
 * the parsing uses another. A post goes to the thread with the fewest posts waiting.
 * Small bodies, and every post while no thread is up, are parsed inline: the round trip
 * to a thread would cost more than the parse. A thread that dies fails its waiting posts
 * (ingest answers 500 and nothing was acknowledged) and is started again.
 */
import type { Worker } from 'node:worker_threads';
import { spawnWorker, workerEntry } from '@switchyard/pipeline';
import type { EventsLogger } from '../../guard/events-logger.js';
import { type ParseOutcome, type ParseRequest, parsePost } from './parse-post.js';

/** What a thread answers: the outcome, or the error parsePost threw (a bug). */
export type ParseReply =
  | { readonly id: number; readonly outcome: ParseOutcome }
  | { readonly id: number; readonly error: string };

export interface ParseCall {
  readonly id: number;
  readonly request: ParseRequest;
}

/** Bodies smaller than this are parsed inline. */
const INLINE_BELOW = 4096;
const RESPAWN_MS = 1000;
const ENTRY = workerEntry(import.meta.url, 'parse-thread-main');

interface Waiting {
  readonly resolve: (outcome: ParseOutcome) => void;
  readonly reject: (error: Error) => void;
}

class ParseThread {
  readonly waiting = new Map<number, Waiting>();
  private worker: Worker | undefined;
  private closing = false;

  constructor(
    private readonly entry: URL,
    private readonly log: EventsLogger,
  ) {}

  get up(): boolean {
    return this.worker !== undefined;
  }

  /** Started on the first post it is given, so a node that takes no events runs no thread. */
  start(): void {
    if (this.worker !== undefined || this.closing) return;
    const worker = spawnWorker(this.entry, undefined);
    worker.on('message', (reply: ParseReply) => {
      const waiting = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ('outcome' in reply) waiting?.resolve(reply.outcome);
      else waiting?.reject(new Error(`parsing an event post failed: ${reply.error}`));
    });
    worker.on('error', (err) => this.log.error({ err }, 'an event parse thread failed'));
    worker.on('exit', (code) => {
      this.worker = undefined;
      const lost = [...this.waiting.values()];
      this.waiting.clear();
      for (const waiting of lost) waiting.reject(new Error('the event parse thread stopped'));
      if (this.closing) return;
      this.log.error({ code, posts: lost.length }, 'an event parse thread stopped; starting it again');
      setTimeout(() => this.start(), RESPAWN_MS).unref();
    });
    this.worker = worker;
  }

  parse(id: number, request: ParseRequest): Promise<ParseOutcome> {
    const worker = this.worker;
    if (worker === undefined) return Promise.resolve(parsePost(request));
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, request } satisfies ParseCall);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker?.terminate();
  }
}

export class ParseThreads {
  private readonly threads: ParseThread[];
  private nextId = 0;
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
      if (thread.up && (best === undefined || thread.waiting.size < best.waiting.size)) best = thread;
    }
    return best === undefined ? parsePost(request) : best.parse(this.nextId++, request);
  }

  /** Threads running now. */
  get up(): number {
    return this.threads.filter((thread) => thread.up).length;
  }

  /** Posts handed to a thread and not answered yet. */
  get waiting(): number {
    return this.threads.reduce((sum, thread) => sum + thread.waiting.size, 0);
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.close()));
  }
}
