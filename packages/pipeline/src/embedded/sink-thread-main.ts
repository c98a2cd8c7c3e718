/**
 * The insights thread's entry (see sink-thread.ts): opens the sink from its module,
 * then decodes and applies each round of spooled rows it is sent, one at a time.
 */

import { serveThread } from '../threads/serve-thread.js';
import { openSinkModule } from '../threads/sink-module.js';
import { decodeRows } from './embedded-pipeline.js';
import type { SinkCall, SinkThreadData } from './sink-thread.js';

serveThread<SinkThreadData, SinkCall, void>(
  async (data, log) => {
    const sink = await openSinkModule(data);
    return async (request) => {
      if (request.call === 'close') return sink.close();
      const batches = decodeRows(request.rows, log);
      if (batches.length > 0) await sink.apply(batches);
    };
  },
  { serial: true },
);
