/**
 * One worker thread seen from its parent: calls go to it and come back as promises, a
 * thread that exits fails exactly the calls it had not answered (with ThreadStoppedError,
 * which names it) and is started again after a delay that grows while it keeps dying, and `close` gives the calls in
 * flight until a deadline before it terminates the thread. The thread's side is
 * serveThread (serve-thread.ts); the messages between them are in thread-protocol.ts.
 */
import type { Worker } from 'node:worker_threads';
import type { PipelineLogger } from '../pipeline-logger.js';
import type { ThreadReply, ThreadRequest } from './thread-protocol.js';
import { spawnWorker } from './worker-entry.js';

export interface ThreadHostOptions {
  /** How errors and logs name the thread, e.g. "the insights thread". */
  readonly name: string;
  readonly entry: URL;
  /** Plain data the thread is started with (its `workerData`). */
  readonly workerData?: unknown;
  /** Load the entry through tsx; defaults to an entry in TypeScript. */
  readonly throughTsx?: boolean;
  /** Gets the thread's forwarded log records, its errors and its restarts. */
  readonly log?: PipelineLogger;
  /**
   * The wait before a thread that exited is started again; `false`: it is not. It doubles
   * with each exit in a row, up to `respawnMaxMs`, so a thread that dies at once is not
   * started in a tight loop.
   */
  readonly respawnMs?: number | false;
  /** The longest wait before a start again (30 s unless told). */
  readonly respawnMaxMs?: number;
  /** A thread that ran this long before it exited was healthy: the wait starts over (60 s unless told). */
  readonly healthyMs?: number;
  /** Let the process exit while no call is outstanding. */
  readonly unrefWhenIdle?: boolean;
}

/** A call failed because its thread is not running (it exited, or has not been started again yet). */
export class ThreadStoppedError extends Error {
  constructor(
    readonly thread: string,
    message = `${thread} stopped`,
  ) {
    super(message);
    this.name = 'ThreadStoppedError';
  }
}

interface Waiting<Reply> {
  readonly resolve: (reply: Reply) => void;
  readonly reject: (error: Error) => void;
  /** Settles with the call, never rejecting: what `close` waits on. */
  readonly settled: Promise<unknown>;
}

const RESPAWN_MS = 1000;
const RESPAWN_MAX_MS = 30_000;
const HEALTHY_MS = 60_000;

export class ThreadHost<Call, Reply> {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, Waiting<Reply>>();
  private nextId = 0;
  private closing = false;
  private startedAt = 0;
  /** Exits in a row, each after a run shorter than `healthyMs`. */
  private exitsInARow = 0;

  /** Does not start the thread: `start` does. */
  constructor(private readonly options: ThreadHostOptions) {}

  /** A thread is running and takes calls. */
  get up(): boolean {
    return this.worker !== undefined;
  }

  /** Calls sent and not answered yet. */
  get pending(): number {
    return this.waiting.size;
  }

  /** Starts the thread, unless one runs or the host is closing. */
  start(): void {
    if (this.worker !== undefined || this.closing) return;
    const { entry, workerData, log } = this.options;
    const worker = spawnWorker(entry, workerData, this.options.throughTsx ?? entry.href.endsWith('.ts'));
    if (this.options.unrefWhenIdle) worker.unref();
    worker.on('message', (message: ThreadReply<Reply>) => {
      if ('log' in message) {
        log?.[message.log](message.fields, message.message);
        return;
      }
      const waiting = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (this.waiting.size === 0 && this.options.unrefWhenIdle) worker.unref();
      if ('error' in message)
        waiting?.reject(
          Object.assign(new Error(message.error), message.code === undefined ? {} : { code: message.code }),
        );
      else waiting?.resolve(message.reply);
    });
    // 'exit' follows; without a listener the error would be thrown here.
    worker.on('error', (err) => log?.error({ err }, `${this.options.name} failed`));
    worker.on('exit', (code) => this.exited(worker, code));
    this.worker = worker;
    this.startedAt = Date.now();
  }

  /** Sends `call` to the thread; rejects with ThreadStoppedError when no thread runs or it exits first. */
  call(call: Call): Promise<Reply> {
    const worker = this.worker;
    if (worker === undefined) return Promise.reject(new ThreadStoppedError(this.options.name));
    const id = this.nextId++;
    let settle: Omit<Waiting<Reply>, 'settled'> | undefined;
    const reply = new Promise<Reply>((resolve, reject) => (settle = { resolve, reject }));
    if (settle === undefined) throw new Error('unreachable: a promise executor runs at once');
    this.waiting.set(id, { ...settle, settled: reply.catch(() => {}) });
    if (this.options.unrefWhenIdle) worker.ref();
    worker.postMessage({ id, call } satisfies ThreadRequest<Call>);
    return reply;
  }

  /**
   * Waits for the calls in flight up to `deadlineMs`, then terminates the thread; it is
   * not started again. Calls made meanwhile are still sent (a last "close" call, say).
   */
  async close(deadlineMs: number): Promise<void> {
    this.closing = true;
    const worker = this.worker;
    if (worker === undefined) return;
    const deadline = Date.now() + deadlineMs;
    while (this.waiting.size > 0 && this.worker === worker && Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all([...this.waiting.values()].map((waiting) => waiting.settled)),
        new Promise((resolve) => (timer = setTimeout(resolve, deadline - Date.now()))),
      ]);
      clearTimeout(timer);
    }
    await worker.terminate();
  }

  private exited(worker: Worker, code: number): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const lost = [...this.waiting.values()];
    this.waiting.clear();
    const { name, log, respawnMs = RESPAWN_MS } = this.options;
    for (const waiting of lost) waiting.reject(new ThreadStoppedError(name));
    if (this.closing || respawnMs === false) return;
    const delayMs = this.respawnDelay(respawnMs);
    log?.error({ code, calls: lost.length, delayMs }, `${name} stopped; starting it again`);
    setTimeout(() => this.start(), delayMs).unref();
  }

  private respawnDelay(respawnMs: number): number {
    const { respawnMaxMs = RESPAWN_MAX_MS, healthyMs = HEALTHY_MS } = this.options;
    if (Date.now() - this.startedAt >= healthyMs) this.exitsInARow = 0;
    const delayMs = Math.min(respawnMaxMs, respawnMs * 2 ** Math.min(this.exitsInARow, 30));
    this.exitsInARow += 1;
    return delayMs;
  }
}
