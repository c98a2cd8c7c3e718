/** A logger that keeps the messages of its warnings and errors, for tests that check what was reported. */
import type { Logger } from '../../src/index.js';

export function recordingLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const keep = (_fields: object, message?: string) => lines.push(String(message));
  return { lines, error: keep, warn: keep, info() {}, debug() {} };
}
