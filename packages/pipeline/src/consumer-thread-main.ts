/**
 * The consumer thread's entry (see consumer-thread.ts): opens the insights sink from its
 * module, runs the shard consumers, and answers the ingest thread's calls.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AmqpConsumer } from './amqp-consumer.js';
import type { ConsumerThreadData, ThreadCall, ThreadMessage } from './consumer-thread.js';
import type { ClosableInsightsSink } from './ports.js';
import { threadLogger } from './threads/thread-log.js';

const port = parentPort;
if (port === null) throw new Error('consumer-thread-main runs only as a worker thread');
const data = workerData as ConsumerThreadData;

const post = (message: ThreadMessage) => port.postMessage(message);
const log = threadLogger(port);

const module = (await import(data.sinkModule)) as {
  openInsightsSink(config: unknown): Promise<ClosableInsightsSink>;
};
const sink = await module.openInsightsSink(data.sinkConfig);
const consumer = new AmqpConsumer({ ...data.consumer, sink, log });

port.on('message', async (request: ThreadCall) => {
  let result = false;
  if (request.call === 'idle') result = consumer.idle();
  else if (request.call === 'waitUp') result = await consumer.waitUp(request.timeoutMs ?? 0);
  else {
    await consumer.close(request.timeoutMs);
    await sink.close();
    result = true;
  }
  post({ id: request.id, result, channelsOpened: consumer.channelsOpened });
});
