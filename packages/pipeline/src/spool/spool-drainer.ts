/**
 * Drains the spool oldest first, one round at a time: read a micro-batch, hand it on,
 * delete the rows that were handed on. Used by the embedded consumer (hand on = apply
 * to the sink) and by the relay (hand on = publish and get the broker's confirm). A
 * row is deleted only after its hand-on succeeded, so a crash means a replay, which
 * consumers dedupe by payload ID.
 */
import { backoffDelay, Wakeup } from '../backoff.js';
import type { PipelineLogger } from '../pipeline-logger.js';
import type { EventSpool } from './event-spool.js';
import type { SpooledBatch } from './spool-reads.js';

export interface SpoolDrainerOptions {
  readonly spool: EventSpool;
  /** Resolves with the rows that were handed on; the others stay for a later round. */
  readonly handOn: (rows: readonly SpooledBatch[]) => Promise<readonly SpooledBatch[]>;
  /** False while the destination cannot take batches (broker down); `wake()` when it can. */
  readonly ready?: () => boolean;
  readonly maxRows: number;
  readonly maxBytes: number;
  readonly log: PipelineLogger;
  readonly name: string;
}

/** How long an idle drainer sleeps when nothing wakes it: a safety net, not the trigger. */
const IDLE_MS = 1000;

export class SpoolDrainer {
  private readonly wakeup = new Wakeup();
  private readonly stopSignal = new Wakeup();
  private stopped = false;
  private working = false;
  private failures = 0;
  private readonly loop: Promise<void>;

  constructor(private readonly options: SpoolDrainerOptions) {
    options.spool.onAppend(() => this.wake());
    this.loop = this.run();
  }

  /** True while a round is handing rows on. */
  get busy(): boolean {
    return this.working;
  }

  wake(): void {
    this.wakeup.wake();
  }

  /** Stops after the current round, waiting for it at most `timeoutMs`. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopped = true;
    this.wakeup.wake();
    this.stopSignal.wake();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.loop, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  private async run(): Promise<void> {
    const { spool, handOn, ready, maxRows, maxBytes, log, name } = this.options;
    while (!this.stopped) {
      if (ready !== undefined && !ready()) {
        await this.wakeup.wait(IDLE_MS);
        continue;
      }
      let rows: SpooledBatch[];
      try {
        rows = spool.readOldest(maxRows, maxBytes);
      } catch (err) {
        log.error({ err, drainer: name }, 'spool drainer could not read the spool');
        await this.stopSignal.wait(backoffDelay(this.failures++));
        continue;
      }
      if (rows.length === 0) {
        await this.wakeup.wait(IDLE_MS);
        continue;
      }
      this.working = true;
      let done: readonly SpooledBatch[] = [];
      try {
        done = await handOn(rows);
      } catch (err) {
        log.warn({ err, drainer: name, batches: rows.length }, 'spool drainer could not hand batches on');
      }
      try {
        await spool.delete(done);
      } catch (err) {
        // The rows stay and are handed on again; consumers dedupe by payload ID.
        log.error({ err, drainer: name }, 'spool drainer could not delete handed-on batches');
      }
      this.working = false;
      if (done.length < rows.length) {
        // The destination is failing: wait, growing, instead of retrying in a tight loop.
        await this.stopSignal.wait(backoffDelay(this.failures++));
      } else {
        this.failures = 0;
      }
    }
  }
}
