/**
 * Folds validated event batches into the increments the insights store adds up:
 * evaluation counts per flag, variation and hour (from summary events only, since
 * feature events are also counted in the summary), custom event counts per key and
 * hour, and when each context was last seen. Pure: no clock, no I/O.
 */
import type { EventBatch } from './event-batch.js';
import { forEachEventContext } from './event-context.js';

const HOUR_MS = 3_600_000;

export interface EvaluationIncrement {
  readonly projectKey: string;
  readonly environmentKey: string;
  readonly flagKey: string;
  /** The variation index served, or null when the SDK did not know it (flag not found, error). */
  readonly variation: number | null;
  /** Start of the UTC hour, epoch milliseconds. */
  readonly hour: number;
  readonly count: number;
}

export interface CustomEventIncrement {
  readonly projectKey: string;
  readonly environmentKey: string;
  readonly eventKey: string;
  readonly hour: number;
  readonly count: number;
  /** Sum of the events' `metricValue`s (0 when none carried one). */
  readonly metricSum: number;
}

export interface ContextSeen {
  readonly projectKey: string;
  readonly environmentKey: string;
  readonly contextKind: string;
  readonly contextKey: string;
  /** The latest timestamp any event of the fold gave for this context, epoch milliseconds. */
  readonly lastSeen: number;
}

export interface InsightIncrements {
  readonly evaluations: readonly EvaluationIncrement[];
  readonly customEvents: readonly CustomEventIncrement[];
  readonly contexts: readonly ContextSeen[];
}

/** Start of the UTC hour that holds `epochMs`. */
export function hourOf(epochMs: number): number {
  return Math.floor(epochMs / HOUR_MS) * HOUR_MS;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Accumulates increments keyed by their identifying tuple (a JSON array: unambiguous for any key). */
class Fold {
  readonly evaluations = new Map<string, Mutable<EvaluationIncrement>>();
  readonly customEvents = new Map<string, Mutable<CustomEventIncrement>>();
  readonly contexts = new Map<string, Mutable<ContextSeen>>();

  addEvaluation(
    batch: EventBatch,
    flagKey: string,
    variation: number | null,
    hour: number,
    count: number,
  ): void {
    const id = JSON.stringify([batch.projectKey, batch.environmentKey, flagKey, variation, hour]);
    const known = this.evaluations.get(id);
    if (known !== undefined) known.count += count;
    else {
      const { projectKey, environmentKey } = batch;
      this.evaluations.set(id, { projectKey, environmentKey, flagKey, variation, hour, count });
    }
  }

  addCustomEvent(batch: EventBatch, eventKey: string, hour: number, metric: number): void {
    const id = JSON.stringify([batch.projectKey, batch.environmentKey, eventKey, hour]);
    const known = this.customEvents.get(id);
    if (known !== undefined) {
      known.count += 1;
      known.metricSum += metric;
    } else {
      const { projectKey, environmentKey } = batch;
      this.customEvents.set(id, { projectKey, environmentKey, eventKey, hour, count: 1, metricSum: metric });
    }
  }

  seeContext(batch: EventBatch, contextKind: string, contextKey: string, at: number): void {
    const id = JSON.stringify([batch.projectKey, batch.environmentKey, contextKind, contextKey]);
    const known = this.contexts.get(id);
    if (known !== undefined) known.lastSeen = Math.max(known.lastSeen, at);
    else {
      const { projectKey, environmentKey } = batch;
      this.contexts.set(id, { projectKey, environmentKey, contextKind, contextKey, lastSeen: at });
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function foldSummary(
  fold: Fold,
  batch: EventBatch,
  event: Readonly<Record<string, unknown>>,
  at: number,
): void {
  const hour = hourOf(at);
  const features = event.features;
  if (!isObject(features)) return;
  for (const flagKey in features) {
    const feature = features[flagKey];
    if (!Object.hasOwn(features, flagKey) || !isObject(feature) || !Array.isArray(feature.counters)) continue;
    for (const counter of feature.counters as unknown[]) {
      if (!isObject(counter) || typeof counter.count !== 'number' || counter.count <= 0) continue;
      const variation =
        counter.unknown === true || typeof counter.variation !== 'number' ? null : counter.variation;
      fold.addEvaluation(batch, flagKey, variation, hour, counter.count);
    }
  }
}

function foldBatch(fold: Fold, batch: EventBatch): void {
  if (batch.kind !== 'analytics') return;
  let at = 0;
  const seen = (kind: string, key: string) => fold.seeContext(batch, kind, key, at);
  for (const event of batch.events) {
    // SDK clocks drift: a time after the server received the batch is taken as the time of receipt.
    const stamp = event.kind === 'summary' ? event.endDate : event.creationDate;
    at = Math.min(numberOr(stamp, batch.receivedAt), batch.receivedAt);
    if (event.kind === 'summary') foldSummary(fold, batch, event, at);
    else if (event.kind === 'custom' && typeof event.key === 'string') {
      fold.addCustomEvent(batch, event.key, hourOf(at), numberOr(event.metricValue, 0));
    }
    forEachEventContext(event, seen);
  }
}

/** Folds batches (already validated by parseEventPayload) into summed increments. */
export function foldBatches(batches: readonly EventBatch[]): InsightIncrements {
  const fold = new Fold();
  for (const batch of batches) foldBatch(fold, batch);
  return {
    evaluations: [...fold.evaluations.values()],
    customEvents: [...fold.customEvents.values()],
    contexts: [...fold.contexts.values()],
  };
}

/** Folds one batch into its increments. */
export function foldEvents(batch: EventBatch): InsightIncrements {
  return foldBatches([batch]);
}
