import { compileRe2Pattern } from '@switchyard/patterns';
import { prepareSnapshot, type Snapshot } from '../../src/snapshot.js';

/** Prepares test data the way the server does: `matches` patterns compile with RE2. */
export function prepare(data: unknown): Snapshot {
  return prepareSnapshot(data, { compilePattern: compileRe2Pattern });
}
