/**
 * The thread's side of a ThreadHost: `serveThread` answers each call with what its
 * handler returns, or with the error it threw (its message and any string `code`), and
 * gives the handler a logger whose records the host logs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PipelineLogger } from '../pipeline-logger.js';
import { threadLogger } from './thread-log.js';
import type { ThreadReply, ThreadRequest } from './thread-protocol.js';

export type ThreadHandler<Call, Reply> = (call: Call) => Reply | Promise<Reply>;

export interface ServeThreadOptions {
  /** Handle one call at a time, in the order they came (each waits for the one before). */
  readonly serial?: boolean;
}

/**
 * Runs `setup` with the thread's `workerData` and logger, then answers calls with the
 * handler it returns; calls that arrive while `setup` runs wait for it.
 */
export function serveThread<Data, Call, Reply>(
  setup: (
    data: Data,
    log: PipelineLogger,
  ) => ThreadHandler<Call, Reply> | Promise<ThreadHandler<Call, Reply>>,
  options: ServeThreadOptions = {},
): void {
  const port = parentPort;
  if (port === null) throw new Error('serveThread runs only on a worker thread');
  const handler = Promise.resolve(setup(workerData as Data, threadLogger(port)));
  const answer = async ({ id, call }: ThreadRequest<Call>): Promise<void> => {
    let message: ThreadReply<Reply>;
    try {
      message = { id, reply: await (await handler)(call) };
    } catch (error) {
      const code = (error as { code?: unknown } | undefined)?.code;
      message = {
        id,
        error: error instanceof Error ? error.message : String(error),
        ...(typeof code === 'string' ? { code } : {}),
      };
    }
    port.postMessage(message);
  };
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (request: ThreadRequest<Call>) => {
    if (options.serial) queue = queue.then(() => answer(request));
    else void answer(request);
  });
}
