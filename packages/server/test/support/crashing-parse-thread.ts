/** A parse thread (the protocol of parse-thread-main.ts) that exits on a post whose payload ID is "crash". */
import { parentPort } from 'node:worker_threads';
import { type ParseRequest, parsePost } from '../../src/http/ingest/parse-post.js';

parentPort?.on('message', ({ id, request }: { id: number; request: ParseRequest }) => {
  if (request.payloadId === 'crash') process.exit(3);
  parentPort?.postMessage({ id, outcome: parsePost(request) });
});
