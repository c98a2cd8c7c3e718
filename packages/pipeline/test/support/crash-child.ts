/**
 * A pipeline in its own process, for crash tests: it accepts batches and prints each
 * payload ID once `accept` resolved ("accepted <id>") and once the sink applied it
 * ("applied <id>"), until the test kills it with SIGKILL. Its database stalls for good after
 * `stallAfter` applied batches, so the spool is sure to hold a backlog when the process dies,
 * however fast or slow the machine is. Imported, it only exports how to start it; it runs as a
 * child when `crashChild` started it.
 */
import { fileURLToPath } from 'node:url';
import { createEventPipeline, encodeBatch, type FoldedBatch } from '../../src/index.js';
import { makeBatch, silentLog } from './fixtures.js';

const CHILD_ENV = 'SY_PIPELINE_CRASH_CHILD';

/** The `node` arguments and environment that run this file as the child. */
export function crashChild(
  file: string,
  { batches, stallAfter }: { batches: number; stallAfter: number },
): { args: string[]; env: NodeJS.ProcessEnv } {
  return {
    args: ['--import', 'tsx', fileURLToPath(import.meta.url), file, String(batches), String(stallAfter)],
    env: { ...process.env, [CHILD_ENV]: '1' },
  };
}

/** Longer than any test waits: a child whose test died does not outlive it for long. */
const ORPHAN_EXIT_MS = 120_000;

async function runChild(file: string, count: number, stallAfter: number): Promise<void> {
  setTimeout(() => process.exit(3), ORPHAN_EXIT_MS);
  let applied = 0;
  const pipeline = await createEventPipeline({
    spool: { file, maxBytes: 64 * 1024 * 1024, accountShare: 1 },
    log: silentLog,
    sink: {
      // A slow database that stops answering: the spool holds a backlog when the process dies.
      async apply(batches: readonly FoldedBatch[]) {
        if (applied >= stallAfter) await new Promise(() => {});
        await new Promise((resolve) => setTimeout(resolve, 20));
        applied += batches.length;
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
  const [file, count, stallAfter] = process.argv.slice(2);
  if (file === undefined || count === undefined || stallAfter === undefined)
    throw new Error('usage: crash-child.ts <spool file> <batches> <stall after>');
  await runChild(file, Number(count), Number(stallAfter));
}
