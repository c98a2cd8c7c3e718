/**
 * Which shard queue an account's batches go to. FNV-1a: stable across processes and
 * versions (every node must agree), cheap, and spread well enough for short keys.
 */
export function shardFor(accountKey: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < accountKey.length; i++) {
    hash ^= accountKey.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}
