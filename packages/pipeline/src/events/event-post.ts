/**
 * The shapes one SDK event post takes through the pipeline (see event-batch.ts): the
 * validated batch, the batch folded into its counts, and the encoded post with what
 * the spool files it under. Types only, so every part of the pipeline can name them.
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
  /** True when sampling dropped some of the post's events (which payload-wide attribution needs whole). */
  readonly sampled?: boolean;
}

export interface EvaluationCount {
  readonly flagKey: string;
  /** The variation index served, or null when the SDK did not know it (flag not found, error). */
  readonly variation: number | null;
  /** Start of the UTC hour, epoch milliseconds. */
  readonly hour: number;
  readonly count: number;
}

export interface CustomEventCount {
  readonly eventKey: string;
  readonly hour: number;
  readonly count: number;
  /** Sum of the events' `metricValue`s (0 when none carried one). */
  readonly metricSum: number;
}

export interface ContextLastSeen {
  readonly contextKind: string;
  readonly contextKey: string;
  /** The latest timestamp any event of the post gave for this context, epoch milliseconds. */
  readonly lastSeen: number;
}

/** A context that evaluated a flag, attributed exactly (see flag-contexts.ts). */
export interface FlagContextLastSeen extends ContextLastSeen {
  readonly flagKey: string;
}

/** One accepted post, folded: its identity (the batch's, without its events) and its contribution to insights. */
export interface FoldedBatch extends Omit<EventBatch, 'events' | 'sampled'> {
  /** Events the post carried after sampling. */
  readonly eventCount: number;
  readonly evaluations: readonly EvaluationCount[];
  readonly customEvents: readonly CustomEventCount[];
  readonly contexts: readonly ContextLastSeen[];
  readonly flagContexts: readonly FlagContextLastSeen[];
}

/** What a row is filed under; the body holds the rest. */
export interface SpoolEntry {
  readonly payloadId: string;
  readonly accountKey: string;
  readonly receivedAt: number;
}

/**
 * A post as the pipeline takes it: folded and encoded (`encodePost`), with what the
 * spool files it under. Ingest builds it, on a parse thread or inline, before anything waits.
 */
export interface EncodedPost extends SpoolEntry {
  readonly json: string;
}
