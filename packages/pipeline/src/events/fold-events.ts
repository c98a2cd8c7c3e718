/**
 * Folds validated event batches into what the insights store adds up: evaluation
 * counts per flag, variation and hour (from summary events only, since feature events
 * are also counted in the summary), custom event counts per key and hour, and when
 * each context was last seen, overall and per flag where the events attribute it exactly
 * (flag-contexts.ts).
 *
 * Ingest folds each post once (`foldBatch`); the folded post, small and keeping its
 * payload ID, is what travels through the spool and the broker. Consumers dedupe
 * folded posts by payload ID and sum the fresh ones (`mergeFolded`). Pure: no clock,
 * no I/O.
 */
import { forEachEventContext } from './event-context.js';
import type {
  ContextLastSeen,
  CustomEventCount,
  EvaluationCount,
  EventBatch,
  FlagContextLastSeen,
  FoldedBatch,
} from './event-post.js';
import { FlagContextFold } from './flag-contexts.js';

const HOUR_MS = 3_600_000;

interface Scope {
  readonly projectKey: string;
  readonly environmentKey: string;
}

export type EvaluationIncrement = Scope & EvaluationCount;
export type CustomEventIncrement = Scope & CustomEventCount;
export type ContextSeen = Scope & ContextLastSeen;
export type FlagContextSeen = Scope & FlagContextLastSeen;

/** Folded posts summed, across environments: what one insights transaction adds. */
export interface InsightIncrements {
  readonly evaluations: readonly EvaluationIncrement[];
  readonly customEvents: readonly CustomEventIncrement[];
  readonly contexts: readonly ContextSeen[];
  readonly flagContexts: readonly FlagContextSeen[];
}

/** Start of the UTC hour that holds `epochMs`. */
export function hourOf(epochMs: number): number {
  return Math.floor(epochMs / HOUR_MS) * HOUR_MS;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Gets the value under `key`, adding `make()` first when there is none. */
function upsert<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/** One post's counts. Nested maps rather than composite keys: this runs for every event at ingest. */
class PostFold {
  /** Flag, then variation and hour (a JSON array: summary counters are few). */
  readonly evaluations = new Map<string, Mutable<EvaluationCount>>();
  /** Event key, then hour. */
  readonly customEvents = new Map<string, Map<number, Mutable<CustomEventCount>>>();
  /** Kind, then key: most posts carry one kind and many keys. */
  readonly contexts = new Map<string, Map<string, number>>();

  addEvaluation(flagKey: string, variation: number | null, hour: number, count: number): void {
    const id = JSON.stringify([flagKey, variation, hour]);
    const known = this.evaluations.get(id);
    if (known !== undefined) known.count += count;
    else this.evaluations.set(id, { flagKey, variation, hour, count });
  }

  addCustomEvent(eventKey: string, hour: number, metric: number): void {
    const hours = upsert(this.customEvents, eventKey, () => new Map());
    const known = hours.get(hour);
    if (known !== undefined) {
      known.count += 1;
      known.metricSum += metric;
    } else hours.set(hour, { eventKey, hour, count: 1, metricSum: metric });
  }

  seeContext(contextKind: string, contextKey: string, at: number): void {
    const keys = upsert(this.contexts, contextKind, () => new Map());
    const known = keys.get(contextKey);
    if (known === undefined || at > known) keys.set(contextKey, at);
  }

  customEventList(): CustomEventCount[] {
    const out: CustomEventCount[] = [];
    for (const hours of this.customEvents.values()) for (const count of hours.values()) out.push(count);
    return out;
  }

  contextList(): ContextLastSeen[] {
    const out: ContextLastSeen[] = [];
    for (const [contextKind, keys] of this.contexts)
      for (const [contextKey, lastSeen] of keys) out.push({ contextKind, contextKey, lastSeen });
    return out;
  }
}

function foldSummary(fold: PostFold, event: Readonly<Record<string, unknown>>, at: number): void {
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
      fold.addEvaluation(flagKey, variation, hour, counter.count);
    }
  }
}

/** Folds one batch (already validated by parseEventPayload); a diagnostic post folds to nothing. */
export function foldBatch(batch: EventBatch): FoldedBatch {
  const { payloadId, accountKey, projectKey, environmentKey, source, kind, receivedAt } = batch;
  const fold = new PostFold();
  const flagContexts = new FlagContextFold(source);
  if (kind === 'analytics') {
    let at = 0;
    const seen = (contextKind: string, contextKey: string) => fold.seeContext(contextKind, contextKey, at);
    for (const event of batch.events) {
      // SDK clocks drift: a time after the server received the batch is taken as the time of receipt.
      const stamp = event.kind === 'summary' ? event.endDate : event.creationDate;
      at = Math.min(numberOr(stamp, receivedAt), receivedAt);
      if (event.kind === 'summary') foldSummary(fold, event, at);
      else if (event.kind === 'custom' && typeof event.key === 'string') {
        fold.addCustomEvent(event.key, hourOf(at), numberOr(event.metricValue, 0));
      }
      forEachEventContext(event, seen);
      flagContexts.add(event, at);
    }
  }
  return {
    payloadId,
    accountKey,
    projectKey,
    environmentKey,
    source,
    kind,
    receivedAt,
    eventCount: batch.events.length,
    evaluations: [...fold.evaluations.values()],
    customEvents: fold.customEventList(),
    contexts: fold.contextList(),
    flagContexts: flagContexts.finish(batch.sampled === true),
  };
}

/** Sums folded posts into increments, keeping environments apart. */
export function mergeFolded(posts: readonly FoldedBatch[]): InsightIncrements {
  const evaluations = new Map<string, Mutable<EvaluationIncrement>>();
  const customEvents = new Map<string, Mutable<CustomEventIncrement>>();
  // Environment, then kind, then key: a consumer merges thousands of contexts per apply.
  const contexts = new Map<string, Map<string, Map<string, Mutable<ContextSeen>>>>();
  for (const { projectKey, environmentKey, ...post } of posts) {
    for (const e of post.evaluations) {
      const id = JSON.stringify([projectKey, environmentKey, e.flagKey, e.variation, e.hour]);
      const known = evaluations.get(id);
      if (known !== undefined) known.count += e.count;
      else evaluations.set(id, { projectKey, environmentKey, ...e });
    }
    for (const c of post.customEvents) {
      const id = JSON.stringify([projectKey, environmentKey, c.eventKey, c.hour]);
      const known = customEvents.get(id);
      if (known !== undefined) {
        known.count += c.count;
        known.metricSum += c.metricSum;
      } else customEvents.set(id, { projectKey, environmentKey, ...c });
    }
    if (post.contexts.length === 0) continue;
    const kinds = upsert(contexts, JSON.stringify([projectKey, environmentKey]), () => new Map());
    for (const c of post.contexts) {
      const keys = upsert(kinds, c.contextKind, () => new Map());
      const known = keys.get(c.contextKey);
      if (known === undefined) keys.set(c.contextKey, { projectKey, environmentKey, ...c });
      else if (c.lastSeen > known.lastSeen) known.lastSeen = c.lastSeen;
    }
  }
  const seen: ContextSeen[] = [];
  for (const kinds of contexts.values())
    for (const keys of kinds.values()) for (const context of keys.values()) seen.push(context);
  return {
    evaluations: [...evaluations.values()],
    customEvents: [...customEvents.values()],
    contexts: seen,
    flagContexts: mergeFlagContexts(posts),
  };
}

/** Each flag and context pair of the posts once, at its latest time. */
function mergeFlagContexts(posts: readonly FoldedBatch[]): FlagContextSeen[] {
  const merged = new Map<string, Mutable<FlagContextSeen>>();
  for (const { projectKey, environmentKey, flagContexts } of posts) {
    for (const c of flagContexts) {
      const id = JSON.stringify([projectKey, environmentKey, c.flagKey, c.contextKind, c.contextKey]);
      const known = merged.get(id);
      if (known === undefined) merged.set(id, { projectKey, environmentKey, ...c });
      else if (c.lastSeen > known.lastSeen) known.lastSeen = c.lastSeen;
    }
  }
  return [...merged.values()];
}
