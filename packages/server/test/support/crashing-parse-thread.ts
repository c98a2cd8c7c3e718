/** A parse thread (the protocol of parse-thread-main.ts) that exits on a post whose payload ID is "crash". */
import { serveThread } from '@switchyard/pipeline';
import { type ParseOutcome, type ParseRequest, parsePost } from '../../src/http/ingest/parse-post.js';

serveThread<undefined, ParseRequest, ParseOutcome>(() => (request) => {
  if (request.payloadId === 'crash') process.exit(3);
  return parsePost(request);
});
