/** A parse thread's entry (see parse-threads.ts): parses each post it is sent and answers. */
import { parentPort } from 'node:worker_threads';
import { parsePost } from './parse-post.js';
import type { ParseCall, ParseReply } from './parse-threads.js';

const port = parentPort;
if (port === null) throw new Error('parse-thread-main runs only as a worker thread');

port.on('message', ({ id, request }: ParseCall) => {
  let reply: ParseReply;
  try {
    reply = { id, outcome: parsePost(request) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
