/** Batches, sinks and loggers for the pipeline's tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventBatch, FoldedBatch, InsightsSink, PipelineLogger } from '../../src/index.js';

export const silentLog: PipelineLogger = { info() {}, warn() {}, error() {} };

let counter = 0;

/**
 * A batch of `events` small custom events; the payload ID is unique per process run.
 * `padding` lengthens each event's context key, so the folded post grows with it.
 */
export function makeBatch(accountKey = 'acme', events = 1, padding = 0): EventBatch {
  counter += 1;
  return {
    payloadId: `p-${process.pid}-${counter}`,
    accountKey,
    projectKey: 'shop',
    environmentKey: 'production',
    source: 'server',
    kind: 'analytics',
    receivedAt: Date.now(),
    events: Array.from({ length: events }, (_, i) => ({
      kind: 'custom',
      key: 'checkout',
      creationDate: 1_700_000_000_000 + i,
      context: { kind: 'user', key: `user-${i}-${'x'.repeat(padding)}` },
    })),
  };
}

/**
 * A sink that behaves like the real one: it applies a payload ID once and ignores
 * repeats, and counts both, so a test can tell "exactly once applied" from
 * "delivered more than once".
 */
export class RecordingSink implements InsightsSink {
  readonly applied = new Map<string, FoldedBatch>();
  readonly order: string[] = [];
  deliveries = 0;
  duplicates = 0;
  calls = 0;
  /** Set to make `apply` fail (a database outage) or wait (a slow database). */
  failWith: Error | undefined;
  gate: Promise<void> | undefined;

  async apply(batches: readonly FoldedBatch[]): Promise<void> {
    this.calls += 1;
    if (this.gate !== undefined) await this.gate;
    if (this.failWith !== undefined) throw this.failWith;
    for (const batch of batches) {
      this.deliveries += 1;
      if (this.applied.has(batch.payloadId)) {
        this.duplicates += 1;
        continue;
      }
      this.applied.set(batch.payloadId, batch);
      this.order.push(batch.payloadId);
    }
  }
}

export interface TempDir {
  readonly path: string;
  file(name: string): string;
  remove(): void;
}

export function tempDir(prefix = 'sy-pipeline-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    file: (name) => join(path, name),
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}
