import type { Change } from './domain.js';
import type { StoreTransaction } from './store.js';

/** Records that an item's SDK data changed, in the write's own transaction. */
export function recordChange(
  tx: StoreTransaction,
  at: Date,
  change: Omit<Change, 'seq' | 'at'>,
): Promise<void> {
  return tx.appendChange({ ...change, at: at.toISOString() });
}
