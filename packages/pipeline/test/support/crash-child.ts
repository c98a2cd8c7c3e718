/**
 * A pipeline in its own process, for crash tests: it accepts batches and prints each
 * payload ID once `accept` resolved ("accepted <id>") and once the sink applied it
 * ("applied <id>"), until the test kills it with SIGKILL. Imported, it only exports
 * how to start it; it runs as a child when `crashChildArgs` started it.
 */
import { fileURLToPath } from 'node:url';
import { createEventPipeline, encodeBatch, type FoldedBatch } from '../../src/index.js';
import { makeBatch, silentLog } from './fixtures.js';

const CHILD_ENV = 'SY_PIPELINE_CRASH_CHILD';

/** The `node` arguments and environment that run this file as the child. */
export function crashChild(file: string, batches: number): { args: string[]; env: NodeJS.ProcessEnv } {
  return {
    args: ['--import', 'tsx', fileURLToPath(import.meta.url), file, String(batches)],
    env: { ...process.env, [CHILD_ENV]: '1' },
  };
}

async function runChild(file: string, count: number): Promise<void> {
  const pipeline = await createEventPipeline({
    spool: { file, maxBytes: 64 * 1024 * 1024, accountShare: 1 },
    log: silentLog,
    sink: {
      // A slow database: the spool holds a backlog when the process dies.
      async apply(batches: readonly FoldedBatch[]) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        process.stdout.write(batches.map((b) => `applied ${b.payloadId}\n`).join(''));
      },
    },
  });
  for (let i = 0; i < count; i++) {
    const batch = makeBatch(`account-${i % 5}`);
    void pipeline
      .accept(encodeBatch(batch))
      .then(() => process.stdout.write(`accepted ${batch.payloadId}\n`));
    if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

if (process.env[CHILD_ENV] === '1') {
  const [file, count] = process.argv.slice(2);
  if (file === undefined || count === undefined)
    throw new Error('usage: crash-child.ts <spool file> <batches>');
  await runChild(file, Number(count));
}
