/**
 * What the server's answer to an event post means for the SDK: the `X-Switchyard-Events` header
 * (`accepted; durable=broker`, `dropped; reason=kill-switch`, `rejected; reason=rate-limit`, …) and
 * the status. A kill switch or a rate limit pauses posting (no retry storm); a 5xx is worth one retry.
 */

/** Posting stops this long after the server says the account's events are switched off. */
export const KILL_SWITCH_PAUSE_MS = 60_000;
/** A rate-limit or 429 answer without `Retry-After` pauses posting this long. */
export const DEFAULT_RETRY_AFTER_MS = 60_000;

export interface EventAnswer {
  readonly outcome: 'accepted' | 'dropped' | 'rejected' | 'failed';
  /** The server's reason (or the status, for an answer without the header). */
  readonly reason: string;
  /** Stop posting for this long (milliseconds), 0 for no pause. */
  readonly pauseMs: number;
  /** A transient failure: post the same payload once more. */
  readonly retry: boolean;
}

function retryAfterMs(value: string | null): number {
  const seconds = Number(value);
  return value !== null && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_RETRY_AFTER_MS;
}

export function readEventAnswer(
  status: number,
  header: string | null,
  retryAfter: string | null,
): EventAnswer {
  const [word = '', ...params] = (header ?? '').split(';').map((part) => part.trim());
  const reason =
    params.find((p) => p.startsWith('reason='))?.slice('reason='.length) ??
    (status === 429 ? 'rate-limit' : String(status));
  if (status >= 200 && status < 300) {
    if (word !== 'dropped') return { outcome: 'accepted', reason: 'accepted', pauseMs: 0, retry: false };
    return {
      outcome: 'dropped',
      reason,
      pauseMs: reason === 'kill-switch' ? KILL_SWITCH_PAUSE_MS : 0,
      retry: false,
    };
  }
  if (status === 429 || reason === 'rate-limit')
    return { outcome: 'rejected', reason, pauseMs: retryAfterMs(retryAfter), retry: false };
  if (status >= 500) return { outcome: 'failed', reason, pauseMs: 0, retry: true };
  return { outcome: 'rejected', reason, pauseMs: 0, retry: false };
}

/** What `eventStats()` reports: posts by outcome and reason since the client started. */
export interface EventStats {
  readonly acceptedPosts: number;
  /** Posts the server took and dropped, by reason (`kill-switch`, …). */
  readonly droppedPosts: Readonly<Record<string, number>>;
  /** Posts the server refused, by reason (`rate-limit`, `invalid`, …). */
  readonly rejectedPosts: Readonly<Record<string, number>>;
  /** Posts that failed after their one retry (network error or 5xx). */
  readonly failedPosts: number;
  /** Posts sent a second time after a network error or 5xx. */
  readonly retriedPosts: number;
  /** Payloads not sent because the server had asked for a pause. */
  readonly skippedPosts: number;
  /** Events dropped because the queue was full. */
  readonly droppedEvents: number;
}
