/** A parse thread's entry (see parse-threads.ts): parses each post it is sent and answers. */
import { serveThread } from '@switchyard/pipeline';
import { type ParseOutcome, type ParseRequest, parsePost } from './parse-post.js';

serveThread<undefined, ParseRequest, ParseOutcome>(() => parsePost);
