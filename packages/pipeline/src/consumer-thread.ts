/**
 * The shard consumers on a worker thread of their own: decoding deliveries and writing
 * insights (a synchronous SQLite transaction, on the embedded store) then never hold the
 * ingest thread's event loop, and use the second core. The thread opens its own insights
 * sink from a module (`sinkModule`, exporting `openInsightsSink(config)`), since a sink
 * holding a database handle cannot be handed across threads. A thread that dies is
 * started again; its unacknowledged deliveries return to their queues with its connection.
 */
import type { Worker } from 'node:worker_threads';
import type { AmqpConsumerOptions } from './amqp-consumer.js';
import type { PipelineLogger } from './pipeline-logger.js';
import type { ThreadLogRecord } from './threads/thread-log.js';
import { spawnWorker, workerEntry } from './threads/worker-entry.js';

/** What a consumer thread is started with; it crosses the thread boundary, so plain data only. */
export interface ConsumerThreadData {
  readonly consumer: Omit<AmqpConsumerOptions, 'sink' | 'log'>;
  /** URL of a module exporting `openInsightsSink(config): Promise<ClosableInsightsSink>`. */
  readonly sinkModule: string;
  readonly sinkConfig: unknown;
}

/** A request to the thread, answered with the same `id`. */
export interface ThreadCall {
  readonly id: number;
  readonly call: 'idle' | 'waitUp' | 'close';
  readonly timeoutMs?: number;
}

/** What the thread posts: an answer (with its channel count) or a log record. */
export type ThreadMessage =
  | { readonly id: number; readonly result: boolean; readonly channelsOpened: number }
  | ThreadLogRecord;

const RESPAWN_MS = 1000;

const ENTRY = workerEntry(import.meta.url, 'consumer-thread-main');

export class ConsumerThread {
  private worker: Worker;
  private readonly pending = new Map<number, (result: boolean) => void>();
  private nextId = 0;
  private closing = false;
  /** False from a thread's exit until the next one is started. */
  private alive = false;
  /** As the thread last reported it. */
  channelsOpened = 0;
  readonly mode = 'thread';

  constructor(
    private readonly data: ConsumerThreadData,
    private readonly log: PipelineLogger,
  ) {
    this.worker = this.spawn();
  }

  /** Nothing delivered waits for, or is in, an apply. False while the thread is restarting. */
  idle(): Promise<boolean> {
    return this.call('idle');
  }

  waitUp(timeoutMs: number): Promise<boolean> {
    return this.call('waitUp', timeoutMs);
  }

  async close(timeoutMs = 5000): Promise<void> {
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.call('close', timeoutMs),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs + 1000))),
    ]);
    clearTimeout(timer);
    await this.worker.terminate();
  }

  private spawn(): Worker {
    // A sink module in TypeScript needs tsx on the thread too.
    const worker = spawnWorker(
      ENTRY,
      this.data,
      ENTRY.href.endsWith('.ts') || this.data.sinkModule.endsWith('.ts'),
    );
    worker.on('message', (message: ThreadMessage) => {
      if ('log' in message) {
        this.log[message.log](message.fields, message.message);
        return;
      }
      this.channelsOpened = message.channelsOpened;
      this.pending.get(message.id)?.(message.result);
      this.pending.delete(message.id);
    });
    worker.on('error', (err) => this.log.error({ err }, 'the consumer thread failed'));
    worker.on('exit', (code) => {
      this.alive = false;
      for (const settle of this.pending.values()) settle(false);
      this.pending.clear();
      if (this.closing) return;
      this.log.error({ code }, 'the consumer thread stopped; starting it again');
      setTimeout(() => {
        if (!this.closing) this.worker = this.spawn();
      }, RESPAWN_MS).unref();
    });
    this.alive = true;
    return worker;
  }

  private call(call: ThreadCall['call'], timeoutMs?: number): Promise<boolean> {
    // No thread to ask: it is not idle (its deliveries are going back to the queue), nor up.
    if (!this.alive) return Promise.resolve(call === 'close');
    const id = this.nextId++;
    return new Promise<boolean>((resolve) => {
      this.pending.set(id, resolve);
      const request: ThreadCall = timeoutMs === undefined ? { id, call } : { id, call, timeoutMs };
      this.worker.postMessage(request);
    });
  }
}
