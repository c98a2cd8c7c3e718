/**
 * The insights thread's entry (see sink-thread.ts): opens the sink from its module,
 * then decodes and applies each round of spooled rows it is sent, one at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { decodeRows } from './embedded-pipeline.js';
import type { ClosableInsightsSink } from './ports.js';
import type { SinkCall, SinkMessage, SinkThreadData } from './sink-thread.js';
import { threadLogger } from './threads/thread-log.js';

const port = parentPort;
if (port === null) throw new Error('sink-thread-main runs only as a worker thread');
const data = workerData as SinkThreadData;
const log = threadLogger(port);

const module = (await import(data.sinkModule)) as {
  openInsightsSink(config: unknown): Promise<ClosableInsightsSink>;
};
const sink = await module.openInsightsSink(data.sinkConfig);

let queue: Promise<void> = Promise.resolve();
port.on('message', (request: SinkCall) => {
  queue = queue.then(async () => {
    let reply: SinkMessage;
    try {
      if (request.call === 'apply') {
        const batches = decodeRows(request.rows, log);
        if (batches.length > 0) await sink.apply(batches);
      } else await sink.close();
      reply = { id: request.id };
    } catch (error) {
      reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
});
