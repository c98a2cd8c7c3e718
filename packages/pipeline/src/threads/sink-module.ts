/**
 * A thread that opens its own insights sink from a module (the consumer thread, the
 * insights thread): a sink holding a database handle cannot be handed across threads.
 */
import type { PipelineLogger } from '../pipeline-logger.js';
import type { ClosableInsightsSink } from '../ports.js';
import { ThreadHost } from './thread-host.js';

/** What such a thread is started with: plain data. */
export interface SinkModuleData {
  /** URL of a module exporting `openInsightsSink(config): Promise<ClosableInsightsSink>`. */
  readonly sinkModule: string;
  readonly sinkConfig: unknown;
}

/** Starts the thread on `entry` with `data` as its workerData. */
export function startSinkModuleThread<Call, Reply>(
  name: string,
  entry: URL,
  data: SinkModuleData,
  log: PipelineLogger,
): ThreadHost<Call, Reply> {
  const host = new ThreadHost<Call, Reply>({
    name,
    entry,
    workerData: data,
    // A sink module in TypeScript needs tsx on the thread too.
    throughTsx: entry.href.endsWith('.ts') || data.sinkModule.endsWith('.ts'),
    log,
  });
  host.start();
  return host;
}

/** On the thread: the sink its module opens. */
export async function openSinkModule(data: SinkModuleData): Promise<ClosableInsightsSink> {
  const module = (await import(data.sinkModule)) as {
    openInsightsSink(config: unknown): Promise<ClosableInsightsSink>;
  };
  return module.openInsightsSink(data.sinkConfig);
}
