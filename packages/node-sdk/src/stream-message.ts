/**
 * Parses the stream's messages (reference/ld-protocol.md §1): `put` (everything), `patch` (one item)
 * and `delete` (a tombstone). Anything malformed comes back as an error string, to be logged and
 * skipped: a message is applied whole or not at all.
 */
import type { FlagData, ItemKind } from './flag-store.js';

type Item = Record<string, unknown>;

export type StreamMessage =
  | { readonly type: 'put'; readonly data: FlagData }
  | { readonly type: 'patch'; readonly kind: ItemKind; readonly key: string; readonly item: Item }
  | { readonly type: 'delete'; readonly kind: ItemKind; readonly key: string; readonly version: number }
  | { readonly type: 'ignored' }
  | { readonly type: 'malformed'; readonly error: string };

function isRecord(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function itemsOf(value: unknown): Record<string, Item> | undefined {
  if (value === undefined) return {};
  if (!isRecord(value)) return undefined;
  for (const item of Object.values(value)) if (!isRecord(item)) return undefined;
  return value as Record<string, Item>;
}

/** A complete data set, or undefined when it is not one (the poll body and the `put` share it). */
export function parseFlagData(value: unknown): FlagData | undefined {
  if (!isRecord(value)) return undefined;
  const flags = itemsOf(value.flags);
  const segments = itemsOf(value.segments);
  if (flags === undefined || segments === undefined) return undefined;
  return { flags, segments };
}

function parsePath(path: unknown): { kind: ItemKind; key: string } | undefined {
  if (typeof path !== 'string') return undefined;
  const match = /^\/(flags|segments)\/(.+)$/.exec(path);
  if (match === null) return undefined;
  return { kind: match[1] as ItemKind, key: match[2] as string };
}

export function parseStreamMessage(event: string, text: string): StreamMessage {
  if (event !== 'put' && event !== 'patch' && event !== 'delete') return { type: 'ignored' };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { type: 'malformed', error: `${event}: the data is not JSON` };
  }
  if (!isRecord(body)) return { type: 'malformed', error: `${event}: the data is not an object` };
  if (event === 'put') {
    if (body.path !== undefined && body.path !== '/') return { type: 'ignored' };
    const data = parseFlagData(body.data);
    return data === undefined
      ? { type: 'malformed', error: 'put: no flags and segments' }
      : { type: 'put', data };
  }
  const target = parsePath(body.path);
  if (target === undefined)
    return { type: 'malformed', error: `${event}: the path is not /flags/<key> or /segments/<key>` };
  if (event === 'patch') {
    if (!isRecord(body.data) || typeof body.data.version !== 'number') {
      return { type: 'malformed', error: 'patch: the item has no version' };
    }
    return { type: 'patch', ...target, item: body.data };
  }
  if (typeof body.version !== 'number') return { type: 'malformed', error: 'delete: no version' };
  return { type: 'delete', ...target, version: body.version };
}
