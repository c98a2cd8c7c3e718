/**
 * The shard consumers on a worker thread of their own: decoding deliveries and writing
 * insights (a synchronous SQLite transaction, on the embedded store) then never hold the
 * ingest thread's event loop, and use the second core. The thread opens its own insights
 * sink from a module (`sinkModule`, exporting `openInsightsSink(config)`), since a sink
 * holding a database handle cannot be handed across threads. A thread that dies is
 * started again (by its ThreadHost); its unacknowledged deliveries return to their queues
 * with its connection.
 */

import type { PipelineLogger } from '../pipeline-logger.js';
import { type SinkModuleData, startSinkModuleThread } from '../threads/sink-module.js';
import type { ThreadHost } from '../threads/thread-host.js';
import { workerEntry } from '../threads/worker-entry.js';
import type { AmqpConsumerOptions } from './amqp-consumer.js';

/** What a consumer thread is started with; it crosses the thread boundary, so plain data only. */
export interface ConsumerThreadData extends SinkModuleData {
  readonly consumer: Omit<AmqpConsumerOptions, 'sink' | 'log'>;
}

/** A request to the thread. */
export interface ConsumerCall {
  readonly call: 'idle' | 'waitUp' | 'close';
  readonly timeoutMs?: number;
}

/** The thread's answer, with its channel count. */
export interface ConsumerReply {
  readonly result: boolean;
  readonly channelsOpened: number;
}

const ENTRY = workerEntry(import.meta.url, 'consumer-thread-main');

export class ConsumerThread {
  private readonly host: ThreadHost<ConsumerCall, ConsumerReply>;
  /** As the thread last reported it. */
  channelsOpened = 0;
  readonly mode = 'thread';

  constructor(data: ConsumerThreadData, log: PipelineLogger) {
    this.host = startSinkModuleThread('the consumer thread', ENTRY, data, log);
  }

  /** Nothing delivered waits for, or is in, an apply. False while the thread is restarting. */
  idle(): Promise<boolean> {
    return this.call({ call: 'idle' });
  }

  waitUp(timeoutMs: number): Promise<boolean> {
    return this.call({ call: 'waitUp', timeoutMs });
  }

  async close(timeoutMs = 5000): Promise<void> {
    void this.call({ call: 'close', timeoutMs });
    await this.host.close(timeoutMs + 1000);
  }

  private async call(call: ConsumerCall): Promise<boolean> {
    // No thread to ask: it is not idle (its deliveries are going back to the queue), nor up.
    if (!this.host.up) return call.call === 'close';
    try {
      const reply = await this.host.call(call);
      this.channelsOpened = reply.channelsOpened;
      return reply.result;
    } catch {
      return false;
    }
  }
}
