/**
 * Deterministic sampling: whether an event is kept depends only on the payload ID and
 * the event's position, so an SDK's retry of the same payload keeps the same events
 * (and the consumers' dedupe by payload ID stays correct).
 */

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A 32-bit finalizer (murmur3's), so neighbouring positions land far apart. */
function mix(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The events kept at `ratio` (0 keeps none, 1 or more keeps all). */
export function sampleEvents<T>(payloadId: string, events: readonly T[], ratio: number): T[] {
  if (ratio >= 1) return events as T[];
  if (!(ratio > 0)) return [];
  const seed = fnv1a(payloadId);
  const threshold = ratio * 0x1_0000_0000;
  const kept: T[] = [];
  for (let i = 0; i < events.length; i++) {
    if (mix((seed + Math.imul(i + 1, 0x9e3779b9)) >>> 0) < threshold) kept.push(events[i] as T);
  }
  return kept;
}
