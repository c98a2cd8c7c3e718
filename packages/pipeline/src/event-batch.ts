/**
 * One SDK event post as it travels through the pipeline: accepted at ingest, made
 * durable (broker confirm or the local spool), consumed, and folded into insights.
 * The payload ID is the idempotency key end to end: a batch delivered twice is
 * applied once.
 */

/** Which kind of SDK posted it: server-side (SDK key), browser (client-side ID) or mobile (mobile key). */
export type EventSource = 'server' | 'client' | 'mobile';

/** Analytics events (an array) or one diagnostic event. */
export type EventPayloadKind = 'analytics' | 'diagnostic';

export interface EventBatch {
  /** `X-LaunchDarkly-Payload-ID`, or a UUID the server made when the SDK sent none. */
  readonly payloadId: string;
  readonly accountKey: string;
  readonly projectKey: string;
  readonly environmentKey: string;
  readonly source: EventSource;
  readonly kind: EventPayloadKind;
  /** Epoch milliseconds at ingest. */
  readonly receivedAt: number;
  /** The validated events (JSON objects of LaunchDarkly's event schema), after sampling. */
  readonly events: readonly Readonly<Record<string, unknown>>[];
}

/**
 * The bytes a batch is spooled and published as. `eventsJson`, when given, is the
 * JSON text of exactly `batch.events` (the SDK's post, when ingest kept it whole):
 * spliced in as it is, it spares serializing the events again on the hot path.
 */
export function encodeBatch(batch: EventBatch, eventsJson?: Buffer): Buffer {
  if (eventsJson === undefined) return Buffer.from(JSON.stringify(batch));
  const { events: _events, ...head } = batch;
  const prefix = JSON.stringify(head);
  return Buffer.concat([Buffer.from(`${prefix.slice(0, -1)},"events":`), eventsJson, CLOSE]);
}

const CLOSE = Buffer.from('}');

export function decodeBatch(bytes: Buffer | Uint8Array): EventBatch {
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as EventBatch;
}
