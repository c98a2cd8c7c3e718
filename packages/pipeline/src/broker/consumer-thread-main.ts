/**
 * The consumer thread's entry (see consumer-thread.ts): opens the insights sink from its
 * module, runs the shard consumers, and answers the ingest thread's calls.
 */

import { serveThread } from '../threads/serve-thread.js';
import { openSinkModule } from '../threads/sink-module.js';
import { AmqpConsumer } from './amqp-consumer.js';
import type { ConsumerCall, ConsumerReply, ConsumerThreadData } from './consumer-thread.js';

serveThread<ConsumerThreadData, ConsumerCall, ConsumerReply>(async (data, log) => {
  const sink = await openSinkModule(data);
  const consumer = new AmqpConsumer({ ...data.consumer, sink, log });
  return async (request) => {
    let result: boolean;
    if (request.call === 'idle') result = consumer.idle();
    else if (request.call === 'waitUp') result = await consumer.waitUp(request.timeoutMs ?? 0);
    else {
      await consumer.close(request.timeoutMs);
      await sink.close();
      result = true;
    }
    return { result, channelsOpened: consumer.channelsOpened };
  };
});
