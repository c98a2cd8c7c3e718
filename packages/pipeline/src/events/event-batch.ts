/**
 * One SDK event post as it travels through the pipeline: accepted at ingest, folded
 * there into its counts (see fold-events.ts), made durable (broker confirm or the local
 * spool), consumed, and added to insights. The payload ID is the idempotency key end
 * to end: a post delivered twice is applied once.
 */
import type { EncodedPost, EventBatch, EventPayloadKind, EventSource, FoldedBatch } from './event-post.js';
import { foldBatch } from './fold-events.js';

/**
 * The message format, version 2: folded posts, each count a tuple. A version 1
 * message (one raw batch, written before an upgrade and still in a spool or a queue)
 * is folded when it is read.
 */
const VERSION = 2;

/** A message that is not one this version can read: it is logged and dropped, never retried. */
export class MessageFormatError extends Error {
  override readonly name = 'MessageFormatError';
}

/** A finite number (sums of huge SDK counts could overflow to Infinity, which JSON turns into null). */
const finite = (value: number): number => (Number.isFinite(value) ? value : 0);

/**
 * One folded post as JSON. The counts are flat arrays (a tuple after another) and a
 * context's time is milliseconds before receipt, mostly 0: this runs for every post at
 * ingest, and large numbers and nested arrays cost most of the time there.
 */
export function encodePost(post: FoldedBatch): string {
  const evaluations: (string | number | null)[] = [];
  for (const e of post.evaluations)
    evaluations.push(e.flagKey, e.variation === null ? null : finite(e.variation), e.hour, finite(e.count));
  const customEvents: (string | number)[] = [];
  for (const c of post.customEvents)
    customEvents.push(c.eventKey, c.hour, finite(c.count), finite(c.metricSum));
  const contexts: (string | number)[] = [];
  for (const c of post.contexts) contexts.push(c.contextKind, c.contextKey, post.receivedAt - c.lastSeen);
  const flagContexts: (string | number)[] = [];
  for (const c of post.flagContexts)
    flagContexts.push(c.flagKey, c.contextKind, c.contextKey, post.receivedAt - c.lastSeen);
  return JSON.stringify({
    payloadId: post.payloadId,
    accountKey: post.accountKey,
    projectKey: post.projectKey,
    environmentKey: post.environmentKey,
    source: post.source,
    kind: post.kind,
    receivedAt: post.receivedAt,
    eventCount: post.eventCount,
    evaluations,
    customEvents,
    contexts,
    flagContexts,
  });
}

/** Folds and encodes a validated, sampled batch. */
export function encodeBatch(batch: EventBatch): EncodedPost {
  const folded = foldBatch(batch);
  return {
    payloadId: folded.payloadId,
    accountKey: folded.accountKey,
    receivedAt: folded.receivedAt,
    json: encodePost(folded),
  };
}

/** One message of posts already encoded by `encodePost`. */
export function encodeMessage(posts: readonly string[]): Buffer {
  return Buffer.from(`{"v":${VERSION},"batches":[${posts.join(',')}]}`);
}

/** The bytes folded posts are spooled and published as, one message for them all. */
export function encodeFolded(posts: readonly FoldedBatch[]): Buffer {
  return encodeMessage(posts.map(encodePost));
}

/** The folded posts of one message; throws MessageFormatError when it is not a message we wrote. */
export function decodeFolded(bytes: Buffer | Uint8Array): FoldedBatch[] {
  let message: unknown;
  try {
    message = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch {
    throw new MessageFormatError('the message is not JSON');
  }
  if (!isRecord(message)) throw new MessageFormatError('the message is not an object');
  if (message.v === VERSION && Array.isArray(message.batches)) return message.batches.map(readPost);
  if (message.v === undefined && Array.isArray(message.events)) return [foldBatch(readLegacy(message))];
  throw new MessageFormatError(`unknown message version ${JSON.stringify(message.v)}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isVariation = (value: unknown): value is number | null => value === null || isNumber(value);

function field<T>(record: Record<string, unknown>, name: string, is: (value: unknown) => value is T): T {
  const value = record[name];
  if (!is(value)) throw new MessageFormatError(`the message's ${name} is missing or malformed`);
  return value;
}

const isSource = (value: unknown): value is EventSource =>
  value === 'server' || value === 'client' || value === 'mobile';
const isKind = (value: unknown): value is EventPayloadKind => value === 'analytics' || value === 'diagnostic';
const isArray = (value: unknown): value is unknown[] => Array.isArray(value);

function readHead(record: Record<string, unknown>): Omit<EventBatch, 'events'> {
  return {
    payloadId: field(record, 'payloadId', isString),
    accountKey: field(record, 'accountKey', isString),
    projectKey: field(record, 'projectKey', isString),
    environmentKey: field(record, 'environmentKey', isString),
    source: field(record, 'source', isSource),
    kind: field(record, 'kind', isKind),
    receivedAt: field(record, 'receivedAt', isNumber),
  };
}

/** A version 1 message is an EventBatch as JSON, validated at its ingest. */
function readLegacy(record: Record<string, unknown>): EventBatch {
  return { ...readHead(record), events: field(record, 'events', isArray).filter(isRecord) };
}

/** Reads a flat array of tuples of `width` items; `read` gets the array and a tuple's first index. */
function tuples<T>(
  record: Record<string, unknown>,
  name: string,
  width: number,
  read: (items: unknown[], at: number) => T | undefined,
): T[] {
  const items = field(record, name, isArray);
  if (items.length % width !== 0) throw new MessageFormatError(`the message's ${name} is malformed`);
  const out: T[] = new Array(items.length / width);
  for (let at = 0; at < items.length; at += width) {
    const value = read(items, at);
    if (value === undefined) throw new MessageFormatError(`the message has a malformed entry in ${name}`);
    out[at / width] = value;
  }
  return out;
}

function readPost(value: unknown): FoldedBatch {
  if (!isRecord(value)) throw new MessageFormatError('a folded post is not an object');
  const head = readHead(value);
  return {
    ...head,
    eventCount: field(value, 'eventCount', isNumber),
    evaluations: tuples(value, 'evaluations', 4, (items, at) => {
      const flagKey = items[at];
      const variation = items[at + 1];
      const hour = items[at + 2];
      const count = items[at + 3];
      return isString(flagKey) && isVariation(variation) && isNumber(hour) && isNumber(count)
        ? { flagKey, variation, hour, count }
        : undefined;
    }),
    customEvents: tuples(value, 'customEvents', 4, (items, at) => {
      const eventKey = items[at];
      const hour = items[at + 1];
      const count = items[at + 2];
      const metricSum = items[at + 3];
      return isString(eventKey) && isNumber(hour) && isNumber(count) && isNumber(metricSum)
        ? { eventKey, hour, count, metricSum }
        : undefined;
    }),
    contexts: tuples(value, 'contexts', 3, (items, at) => {
      const contextKind = items[at];
      const contextKey = items[at + 1];
      const before = items[at + 2];
      return isString(contextKind) && isString(contextKey) && isNumber(before)
        ? { contextKind, contextKey, lastSeen: head.receivedAt - before }
        : undefined;
    }),
    // Absent from the posts folded before per-flag contexts existed, still in a spool or a queue.
    flagContexts:
      value.flagContexts === undefined
        ? []
        : tuples(value, 'flagContexts', 4, (items, at) => {
            const flagKey = items[at];
            const contextKind = items[at + 1];
            const contextKey = items[at + 2];
            const before = items[at + 3];
            return isString(flagKey) && isString(contextKind) && isString(contextKey) && isNumber(before)
              ? { flagKey, contextKind, contextKey, lastSeen: head.receivedAt - before }
              : undefined;
          }),
  };
}
