/**
 * The CPU-heavy half of an event post, from its body's bytes to the encoded folded post:
 * JSON.parse, validation, sampling, folding and encoding. It is a pure function of plain
 * data, so it runs inline or on a parse thread (parse-threads.ts) alike.
 */
import type { ContextLimit } from '@switchyard/engine';
import {
  type EncodedPost,
  type EventPayloadKind,
  type EventSource,
  encodeBatch,
  parseEventPayload,
} from '@switchyard/pipeline';
import { sampleEvents } from '../../guard/sampling.js';

export interface ParseRequest {
  /** The body as read (gunzipped); undefined when it was empty. */
  readonly body: Uint8Array | undefined;
  readonly kind: EventPayloadKind;
  readonly source: EventSource;
  readonly payloadId: string;
  readonly accountKey: string;
  readonly projectKey: string;
  readonly environmentKey: string;
  readonly receivedAt: number;
  /** The share of analytics events kept (operational flag `events-sampling-ratio`); 1 keeps all. */
  readonly samplingRatio: number;
}

export type ParseOutcome =
  | {
      readonly ok: true;
      /** Events in the post, before sampling. */
      readonly total: number;
      /** Events kept; `post` is absent when none were. */
      readonly kept: number;
      readonly post?: EncodedPost;
    }
  | {
      readonly ok: false;
      readonly message: string;
      readonly details: readonly { readonly path: string; readonly message: string }[];
      /** Set when an event's context breaks one of CONTEXT_LIMITS. */
      readonly limit?: ContextLimit;
    };

function decodeJson(body: Uint8Array | undefined): { ok: true; value: unknown } | { ok: false } {
  if (body === undefined || body.byteLength === 0) return { ok: true, value: undefined };
  try {
    return {
      ok: true,
      value: JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')),
    };
  } catch {
    return { ok: false };
  }
}

export function parsePost(request: ParseRequest): ParseOutcome {
  const json = decodeJson(request.body);
  if (!json.ok) {
    return {
      ok: false,
      message: 'The body is not valid JSON',
      details: [{ path: '', message: 'is not valid JSON' }],
    };
  }
  const parsed = parseEventPayload(json.value, request.kind);
  if (!parsed.ok) {
    const details = [{ path: parsed.path, message: parsed.message }];
    return { ok: false, message: parsed.message, details, ...(parsed.limit ? { limit: parsed.limit } : {}) };
  }
  const total = parsed.events.length;
  const events =
    request.kind === 'analytics'
      ? sampleEvents(request.payloadId, parsed.events, request.samplingRatio)
      : parsed.events;
  if (events.length === 0) return { ok: true, total, kept: 0 };
  const post = encodeBatch({
    payloadId: request.payloadId,
    accountKey: request.accountKey,
    projectKey: request.projectKey,
    environmentKey: request.environmentKey,
    source: request.source,
    kind: request.kind,
    receivedAt: request.receivedAt,
    events,
    sampled: events.length < total,
  });
  return { ok: true, total, kept: events.length, post };
}
