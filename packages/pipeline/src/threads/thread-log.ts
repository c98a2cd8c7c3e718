/**
 * Logging from a worker thread: each record crosses to the parent as a message, which
 * logs it with its own logger.
 */
import type { MessagePort } from 'node:worker_threads';
import type { PipelineLogger } from '../pipeline-logger.js';

export interface ThreadLogRecord {
  readonly log: 'info' | 'warn' | 'error';
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

export function threadLogger(port: MessagePort): PipelineLogger {
  const at =
    (level: ThreadLogRecord['log']) =>
    (fields: Record<string, unknown>, message: string): void => {
      try {
        port.postMessage({ log: level, fields, message } satisfies ThreadLogRecord);
      } catch {
        // A field that cannot cross the thread boundary: send what can.
        const detail = String(fields.err ?? JSON.stringify(fields));
        port.postMessage({ log: level, fields: { detail }, message } satisfies ThreadLogRecord);
      }
    };
  return { info: at('info'), warn: at('warn'), error: at('error') };
}
