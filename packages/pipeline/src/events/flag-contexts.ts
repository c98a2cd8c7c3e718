/**
 * Which contexts evaluated which flag, from one post, only where the events say so
 * exactly (docs/adr/0021):
 *
 * - a `feature` or `debug` event names its flag and its context;
 * - a `summary` event that names its own context (js-core client-side SDKs send one
 *   summary per context) counted its flags for that context;
 * - a summary without a context, in a client-side or mobile post (one current context
 *   per SDK) whose events name exactly one context and whose `identify` events all
 *   came before the summary's first evaluation, counted its flags for that context.
 *
 * A server-side summary without a context is never attributed: the SDK serves many
 * contexts, and it sends each one's index event once per LRU window, not per post. Nor
 * is a sampled post's summary, since the events that would name a second context may
 * be the ones dropped. Pure: no clock, no I/O.
 */
import { forEachEventContext } from './event-context.js';
import type { EventSource, FlagContextLastSeen } from './event-post.js';

/** Flag and context pairs one post may add; the rest of a huge post is left out rather than stored. */
export const MAX_FLAG_CONTEXTS_PER_POST = 1000;

type Event = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The flags a summary counted at least one evaluation of. */
function summaryFlags(event: Event): string[] {
  const features = event.features;
  if (!isObject(features)) return [];
  const flags: string[] = [];
  for (const flagKey in features) {
    const feature = features[flagKey];
    if (!Object.hasOwn(features, flagKey) || !isObject(feature) || !Array.isArray(feature.counters)) continue;
    const counted = (feature.counters as unknown[]).some(
      (c) => isObject(c) && typeof c.count === 'number' && c.count > 0,
    );
    if (counted) flags.push(flagKey);
  }
  return flags;
}

type Pair = readonly [kind: string, key: string];

/** An event's contexts as kind and key pairs (empty when it names none). */
function contextsOf(event: Event): Pair[] {
  const pairs: [string, string][] = [];
  forEachEventContext(event, (kind, key) => pairs.push([kind, key]));
  return pairs;
}

/** One context's identity, whatever the order its kinds were written in. */
const identity = (pairs: readonly Pair[]) =>
  JSON.stringify(pairs.map(([kind, key]) => `${kind}:${key}`).sort());

export class FlagContextFold {
  /** Flag, then `[kind, key]` as JSON, then the pair. */
  private readonly seen = new Map<
    string,
    Map<string, { -readonly [K in keyof FlagContextLastSeen]: FlagContextLastSeen[K] }>
  >();
  private size = 0;
  /** Client-side and mobile posts: summaries without a context, waiting for the whole post. */
  private readonly unnamed: { readonly flags: string[]; readonly startDate: number; readonly at: number }[] =
    [];
  private readonly named = new Map<string, Pair[]>();
  private latestIdentify = Number.NEGATIVE_INFINITY;

  constructor(private readonly source: EventSource) {}

  /** Takes one event, at the time the fold gave it. */
  add(event: Event, at: number): void {
    const kind = event.kind;
    if ((kind === 'feature' || kind === 'debug') && typeof event.key === 'string') {
      const flagKey = event.key;
      forEachEventContext(event, (contextKind, contextKey) => this.see(flagKey, contextKind, contextKey, at));
    } else if (kind === 'summary') {
      const pairs = contextsOf(event);
      const flags = summaryFlags(event);
      if (pairs.length > 0) for (const flagKey of flags) this.seeAll(flagKey, pairs, at);
      else if (this.source !== 'server' && flags.length > 0) {
        const startDate = typeof event.startDate === 'number' ? event.startDate : Number.NEGATIVE_INFINITY;
        this.unnamed.push({ flags, startDate, at });
      }
    }
    if (this.source === 'server') return;
    if (kind === 'identify' && typeof event.creationDate === 'number') {
      this.latestIdentify = Math.max(this.latestIdentify, event.creationDate);
    }
    const pairs = contextsOf(event);
    if (pairs.length > 0 && this.named.size < 2) this.named.set(identity(pairs), pairs);
  }

  /** The pairs seen, once the whole post was added. */
  finish(sampled: boolean): FlagContextLastSeen[] {
    const only = this.named.size === 1 ? [...this.named.values()][0] : undefined;
    if (only !== undefined && !sampled) {
      for (const summary of this.unnamed) {
        // An identify at or after the first counted evaluation may have switched contexts mid-summary.
        if (this.latestIdentify >= summary.startDate) continue;
        for (const flagKey of summary.flags) this.seeAll(flagKey, only, summary.at);
      }
    }
    const out: FlagContextLastSeen[] = [];
    for (const contexts of this.seen.values()) for (const pair of contexts.values()) out.push(pair);
    return out;
  }

  private seeAll(flagKey: string, pairs: readonly Pair[], at: number): void {
    for (const [kind, key] of pairs) this.see(flagKey, kind, key, at);
  }

  private see(flagKey: string, contextKind: string, contextKey: string, at: number): void {
    let contexts = this.seen.get(flagKey);
    const id = JSON.stringify([contextKind, contextKey]);
    const known = contexts?.get(id);
    if (known !== undefined) {
      if (at > known.lastSeen) known.lastSeen = at;
      return;
    }
    if (this.size >= MAX_FLAG_CONTEXTS_PER_POST) return;
    if (contexts === undefined) {
      contexts = new Map();
      this.seen.set(flagKey, contexts);
    }
    contexts.set(id, { flagKey, contextKind, contextKey, lastSeen: at });
    this.size++;
  }
}
