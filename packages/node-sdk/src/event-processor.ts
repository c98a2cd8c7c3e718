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
import type {
  EvaluationDetail,
  JsonValue,
  Context as ParsedContext,
  PreparedFlag,
  Snapshot,
} from '@switchyard/engine';
import { type EventAnswer, type EventStats, readEventAnswer } from './event-answer.js';
import { EventSummarizer } from './event-summarizer.js';
import type { Logger } from './logger.js';
import type { ResolvedOptions } from './options.js';
import { type RedactOptions, redactContext } from './redact-context.js';
import { SeenContexts } from './seen-contexts.js';

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

/** How many contexts are remembered for index-event deduplication (LaunchDarkly's default). */
const CONTEXT_KEYS_KEPT = 1_000;

export class EventProcessor {
  private queue: Record<string, unknown>[] = [];
  private readonly summarizer = new EventSummarizer();
  private readonly seenContexts = new SeenContexts(CONTEXT_KEYS_KEPT);
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
  private lastSnapshot: Snapshot | undefined;
  private lastKey = '';
  private lastFlag: PreparedFlag | undefined;
  /** Events dropped because the queue was full, since the client started. */
  dropped = 0;

  constructor(private readonly options: EventOptions) {
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs);
    this.timer.unref();
  }

  /** One variation call: counted in the summary, and a feature event if the flag is tracked or in an experiment. */
  flagEvaluated(
    key: string,
    snapshot: Snapshot,
    detail: EvaluationDetail,
    defaultValue: JsonValue,
    parsed: ParsedContext,
    context: Context,
  ): void {
    const flag = this.flagOf(snapshot, key);
    this.summarizer.record(
      key,
      flag?.version,
      detail.variationIndex,
      detail.value,
      defaultValue,
      parsed.kinds,
    );
    this.noticeContext(parsed, context);
    if (flag === undefined) return;
    const reason = detail.reason;
    const experiment = (reason as { inExperiment?: boolean }).inExperiment === true;
    if (!experiment && (flag.json as { trackEvents?: unknown }).trackEvents !== true) return;
    this.push({
      kind: 'feature',
      creationDate: Date.now(),
      key,
      version: flag.version,
      ...(detail.variationIndex === null ? {} : { variation: detail.variationIndex }),
      value: detail.value,
      default: defaultValue,
      context: this.redact(context),
    });
  }

  /** The flag evaluated, from the last one when the caller loops over one flag of one snapshot. */
  private flagOf(snapshot: Snapshot, key: string): PreparedFlag | undefined {
    if (snapshot !== this.lastSnapshot || key !== this.lastKey) {
      this.lastSnapshot = snapshot;
      this.lastKey = key;
      this.lastFlag = snapshot.flags.get(key);
    }
    return this.lastFlag;
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

  /**
   * An index event for a context not seen lately. The queue is checked first, so a full queue costs
   * no copy of the context; a context whose index event was dropped is not remembered, so it goes out
   * once there is room (LaunchDarkly's SDKs remember it and the server never learns of it).
   */
  private noticeContext(parsed: ParsedContext, context: Context): void {
    if (this.seenContexts.has(parsed)) return;
    if (this.full()) return;
    this.seenContexts.add(parsed);
    this.queue.push({ kind: 'index', creationDate: Date.now(), context: this.redact(context) });
  }

  private redact(context: Context): Record<string, unknown> {
    return redactContext(context, this.options.redact);
  }

  private push(event: Record<string, unknown>): void {
    if (!this.full()) this.queue.push(event);
  }

  /** True (and one more event counted as dropped) when the queue has no room. */
  private full(): boolean {
    if (this.queue.length < this.options.capacity) return false;
    if (this.dropped === 0)
      this.options.logger.warn(
        { capacity: this.options.capacity },
        'the event queue is full; dropping events',
      );
    this.dropped++;
    return true;
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
