/**
 * A sink module for consumer-thread tests: the thread cannot share a RecordingSink with
 * the test, so it appends each applied payload ID to a file the test reads. With
 * `crashOnce`, the first thread to apply anything dies instead (leaving that file behind
 * as the mark), so a test can see a thread restarted without losing a batch.
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import type { ClosableInsightsSink } from '../../src/index.js';

export async function openInsightsSink(config: {
  file: string;
  crashOnce?: string;
}): Promise<ClosableInsightsSink> {
  return {
    async apply(batches) {
      if (config.crashOnce !== undefined && !existsSync(config.crashOnce)) {
        writeFileSync(config.crashOnce, 'crashed');
        process.exit(1);
      }
      appendFileSync(config.file, batches.map((b) => `${b.payloadId}\n`).join(''));
    },
    async close() {},
  };
}
