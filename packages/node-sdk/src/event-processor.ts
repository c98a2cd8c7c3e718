/**
 * Analytics events as LaunchDarkly's SDKs send them to `POST <eventsUri>/bulk` (schema 4): summary
 * counts, an index event per new context, feature events for tracked flags, custom and identify
 * events. Batched and gzipped, flushed on an interval and on close. The queue is bounded: when it is
 * full an event is dropped and counted, never queued. The server's answers are
 * counted by outcome and reason (event-answer.ts): a kill switch or a rate limit pauses posting, a
 * network error or 5xx is retried once with the same payload ID.
 */
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { EvaluationDetail, JsonValue, PreparedFlag } from '@switchyard/engine';
import { type EventAnswer, type EventStats, readEventAnswer } from './event-answer.js';
import { type Evaluated, EventSummarizer } from './event-summarizer.js';
import type { Logger } from './logger.js';
import type { ResolvedOptions } from './options.js';
import { type RedactOptions, redactContext } from './redact-context.js';

const gzipAsync = promisify(gzip);

export interface EventOptions {
  readonly sdkKey: string;
  readonly eventsUri: string;
  readonly capacity: number;
  readonly flushIntervalMs: number;
  readonly logger: Logger;
  readonly userAgent: string;
  readonly redact: RedactOptions;
  /** The wait before the one retry of a post that failed (network error or 5xx). */
  readonly retryDelayMs: number;
}

type Context = Readonly<Record<string, unknown>>;

/** How many context keys are remembered for index-event deduplication before the set starts over. */
const CONTEXT_KEYS_KEPT = 1_000;

export class EventProcessor {
  private queue: Record<string, unknown>[] = [];
  private readonly summarizer = new EventSummarizer();
  private readonly seenContexts = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  private pausedUntil = 0;
  private readonly stats = {
    acceptedPosts: 0,
    droppedPosts: {} as Record<string, number>,
    rejectedPosts: {} as Record<string, number>,
    failedPosts: 0,
    retriedPosts: 0,
    skippedPosts: 0,
  };
  private flushing: Promise<void> = Promise.resolve();
  /** Events dropped because the queue was full, since the client started. */
  dropped = 0;

  constructor(private readonly options: EventOptions) {
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs);
    this.timer.unref();
  }

  /** One variation call: counted in the summary, and a feature event if the flag is tracked or in an experiment. */
  flagEvaluated(
    key: string,
    flag: PreparedFlag | undefined,
    detail: EvaluationDetail,
    defaultValue: JsonValue,
    contextKinds: readonly string[],
    context: Context,
  ): void {
    const reason = detail.reason;
    const experiment = 'inExperiment' in reason && reason.inExperiment === true;
    const tracked = (flag?.json as { trackEvents?: unknown } | undefined)?.trackEvents === true;
    this.evaluated(
      {
        flagKey: key,
        version: flag?.version,
        variation: detail.variationIndex,
        value: detail.value,
        defaultValue,
        contextKinds,
      },
      context,
      flag !== undefined && (experiment || tracked),
    );
  }

  private evaluated(e: Evaluated, context: Context, trackEvents: boolean): void {
    const now = Date.now();
    this.summarizer.record(e, now);
    this.noticeContext(context, now);
    if (trackEvents) {
      this.push({
        kind: 'feature',
        creationDate: now,
        key: e.flagKey,
        ...(e.version === undefined ? {} : { version: e.version }),
        ...(e.variation === null ? {} : { variation: e.variation }),
        value: e.value,
        default: e.defaultValue,
        context: this.redact(context),
      });
    }
  }

  custom(key: string, context: Context, data: unknown, metricValue: number | undefined): void {
    this.push({
      kind: 'custom',
      creationDate: Date.now(),
      key,
      context: this.redact(context),
      ...(data === undefined ? {} : { data }),
      ...(metricValue === undefined ? {} : { metricValue }),
    });
  }

  identify(context: Context): void {
    this.push({ kind: 'identify', creationDate: Date.now(), context: this.redact(context) });
  }

  /** The counters, copied. */
  statistics(): EventStats {
    const s = this.stats;
    return {
      ...s,
      droppedPosts: { ...s.droppedPosts },
      rejectedPosts: { ...s.rejectedPosts },
      droppedEvents: this.dropped,
    };
  }

  /** Posts what is queued; resolves when the post is done (it never rejects). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.post());
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private noticeContext(context: Context, now: number): void {
    const id = contextId(context);
    if (this.seenContexts.has(id)) return;
    if (this.seenContexts.size >= CONTEXT_KEYS_KEPT) this.seenContexts.clear();
    this.seenContexts.add(id);
    this.push({ kind: 'index', creationDate: now, context: this.redact(context) });
  }

  private redact(context: Context): Record<string, unknown> {
    return redactContext(context, this.options.redact);
  }

  private push(event: Record<string, unknown>): void {
    if (this.queue.length >= this.options.capacity) {
      if (this.dropped === 0)
        this.options.logger.warn(
          { capacity: this.options.capacity },
          'the event queue is full; dropping events',
        );
      this.dropped++;
      return;
    }
    this.queue.push(event);
  }

  private async post(): Promise<void> {
    const summary = this.summarizer.take();
    const events = summary === undefined ? this.queue : [...this.queue, summary];
    this.queue = [];
    if (events.length === 0) return;
    if (Date.now() < this.pausedUntil) {
      this.stats.skippedPosts++;
      this.options.logger.warn({ events: events.length }, 'the server asked for a pause; events dropped');
      return;
    }
    const body = await gzipAsync(JSON.stringify(events));
    const payloadId = randomUUID();
    let answer = await this.send(body, payloadId);
    if (answer.retry) {
      this.stats.retriedPosts++;
      await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs).unref());
      answer = await this.send(body, payloadId);
    }
    this.count(answer, events.length);
  }

  /** One POST; a network error is a failed answer, never a throw. */
  private async send(body: Buffer, payloadId: string): Promise<EventAnswer> {
    try {
      const response = await fetch(`${this.options.eventsUri}/bulk`, {
        method: 'POST',
        headers: {
          authorization: this.options.sdkKey,
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'user-agent': this.options.userAgent,
          'x-launchdarkly-event-schema': '4',
          'x-launchdarkly-payload-id': payloadId,
        },
        body,
      });
      await response.body?.cancel();
      return readEventAnswer(
        response.status,
        response.headers.get('x-switchyard-events'),
        response.headers.get('retry-after'),
      );
    } catch (error) {
      return { outcome: 'failed', reason: String(error), pauseMs: 0, retry: true };
    }
  }

  private count(answer: EventAnswer, events: number): void {
    if (answer.pauseMs > 0) this.pausedUntil = Math.max(this.pausedUntil, Date.now() + answer.pauseMs);
    const stats = this.stats;
    if (answer.outcome === 'accepted') stats.acceptedPosts++;
    else if (answer.outcome === 'failed') stats.failedPosts++;
    else {
      const byReason = answer.outcome === 'dropped' ? stats.droppedPosts : stats.rejectedPosts;
      byReason[answer.reason] = (byReason[answer.reason] ?? 0) + 1;
    }
    if (answer.outcome !== 'accepted')
      this.options.logger.warn(
        { outcome: answer.outcome, reason: answer.reason, events, pauseMs: answer.pauseMs },
        'an event post was not accepted',
      );
  }
}

/** The client's event processor, or none when its options turn events off. */
export function createEventProcessor(
  sdkKey: string,
  o: ResolvedOptions,
  userAgent: string,
): EventProcessor | undefined {
  if (!o.sendEvents) return undefined;
  return new EventProcessor({
    sdkKey,
    eventsUri: o.eventsUri,
    capacity: o.eventCapacity,
    flushIntervalMs: o.flushIntervalMs,
    logger: o.logger,
    userAgent,
    retryDelayMs: o.eventRetryDelayMs,
    redact: { privateAttributes: o.privateAttributes, allAttributesPrivate: o.allAttributesPrivate },
  });
}

function contextId(context: Context): string {
  return JSON.stringify([
    context.kind ?? 'user',
    context.key,
    context.kind === 'multi' ? context : undefined,
  ]);
}
