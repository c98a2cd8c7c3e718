/**
 * Analytics events as LaunchDarkly's SDKs send them to `POST <eventsUri>/bulk` (schema 4): summary
 * counts, an index event per new context, feature events for tracked flags, custom and identify
 * events. Batched and gzipped, flushed on an interval and on close. The queue is bounded: when it is
 * full an event is dropped and counted, never queued. A 429 pauses posting for its Retry-After.
 */
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { EvaluationDetail, JsonValue, PreparedFlag } from '@switchyard/engine';
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
      this.options.logger.warn({ events: events.length }, 'the server asked for a pause; events dropped');
      return;
    }
    try {
      const body = await gzipAsync(JSON.stringify(events));
      const response = await fetch(`${this.options.eventsUri}/bulk`, {
        method: 'POST',
        headers: {
          authorization: this.options.sdkKey,
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'user-agent': this.options.userAgent,
          'x-launchdarkly-event-schema': '4',
          'x-launchdarkly-payload-id': randomUUID(),
        },
        body,
      });
      await response.body?.cancel();
      if (response.status === 429) {
        const seconds = Number(response.headers.get('retry-after'));
        this.pausedUntil = Date.now() + (Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 60_000);
      }
      if (!response.ok)
        this.options.logger.warn(
          { status: response.status, events: events.length },
          'an event post was refused',
        );
    } catch (error) {
      this.options.logger.warn(
        { error: String(error), events: events.length },
        'an event post failed; the events are dropped',
      );
    }
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
