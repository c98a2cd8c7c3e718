/**
 * Validates an SDK event post (reference/ld-protocol.md §3.3, §3.4) against what the
 * insights rely on: event kinds, keys, timestamps, summary counters and contexts. It is
 * the ingest hot path, so it walks the already parsed JSON once with plain checks and
 * builds strings only for the error it returns. Unknown event kinds are accepted and
 * left out of the result, so newer SDKs keep working.
 */

import type { ContextLimit } from '@switchyard/engine';
import {
  type ContextProblem,
  contextKeysProblem,
  contextProblem,
  MAX_KEY_LENGTH,
  pointerSegment,
  userKeyProblem,
} from './event-context.js';
import type { EventPayloadKind } from './event-post.js';

export type EventParseResult =
  | { readonly ok: true; readonly events: Record<string, unknown>[] }
  | {
      readonly ok: false;
      readonly message: string;
      readonly path: string;
      /** Set when an event's context breaks one of CONTEXT_LIMITS. */
      readonly limit?: ContextLimit;
    };

/** The most events one post may carry; LaunchDarkly's SDKs flush far fewer (eventsCapacity). */
export const MAX_EVENTS_PER_PAYLOAD = 50_000;

type Failure = Extract<EventParseResult, { ok: false }>;
type Event = Record<string, unknown>;

function fail(path: string, problem: string): Failure {
  return { ok: false, path, message: `${path === '' ? 'The payload' : path} ${problem}` };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTimestamp(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

const TIMESTAMP = 'must be a number (Unix milliseconds)';
const COUNT = 'must be a non-negative integer';

function keyFailure(event: Event, at: string): Failure | undefined {
  const key = event.key;
  if (typeof key !== 'string' || key === '') return fail(`${at}/key`, 'must be a non-empty string');
  if (key.length > MAX_KEY_LENGTH) {
    return fail(`${at}/key`, `must be at most ${MAX_KEY_LENGTH} characters long`);
  }
  return undefined;
}

function contextFailure(at: string, field: string, problem: ContextProblem | undefined): Failure | undefined {
  if (problem === undefined) return undefined;
  const failure = fail(`${at}/${field}${problem.at}`, problem.message);
  return problem.limit === undefined ? failure : { ...failure, limit: problem.limit };
}

/** The event must carry a context in one of its forms, and that form must be well formed. */
function eventContextFailure(event: Event, at: string, required: boolean): Failure | undefined {
  if (event.context !== undefined) return contextFailure(at, 'context', contextProblem(event.context));
  if (event.contextKeys !== undefined) {
    return contextFailure(at, 'contextKeys', contextKeysProblem(event.contextKeys));
  }
  if (event.user !== undefined) return contextFailure(at, 'user', contextProblem(event.user));
  if (event.userKey !== undefined) {
    const problem = userKeyProblem(event.userKey);
    return problem === undefined ? undefined : fail(`${at}/userKey`, problem);
  }
  return required ? fail(at, 'must carry a context (context, contextKeys, user or userKey)') : undefined;
}

/** What is wrong with one summary counter, relative to the counter's own path. */
function counterProblem(counter: unknown): ContextProblem | undefined {
  if (!isObject(counter)) return { at: '', message: 'must be an object with a count' };
  if (!isCount(counter.count)) return { at: '/count', message: COUNT };
  if (counter.variation !== undefined && !isCount(counter.variation)) {
    return { at: '/variation', message: COUNT };
  }
  if (counter.version !== undefined && !isCount(counter.version)) return { at: '/version', message: COUNT };
  if (counter.unknown !== undefined && typeof counter.unknown !== 'boolean') {
    return { at: '/unknown', message: 'must be true or false' };
  }
  return undefined;
}

function summaryFailure(event: Event, at: string): Failure | undefined {
  if (!isTimestamp(event.startDate)) return fail(`${at}/startDate`, TIMESTAMP);
  if (!isTimestamp(event.endDate)) return fail(`${at}/endDate`, TIMESTAMP);
  const features = event.features;
  if (!isObject(features)) return fail(`${at}/features`, 'must be an object keyed by flag key');
  for (const flagKey in features) {
    if (!Object.hasOwn(features, flagKey)) continue;
    const feature = features[flagKey];
    if (flagKey === '' || flagKey.length > MAX_KEY_LENGTH || !isObject(feature)) {
      const problem = isObject(feature)
        ? `must be a flag key of 1 to ${MAX_KEY_LENGTH} characters`
        : 'must be an object with counters';
      return fail(`${at}/features/${pointerSegment(flagKey)}`, problem);
    }
    const counters = feature.counters;
    if (!Array.isArray(counters)) {
      return fail(`${at}/features/${pointerSegment(flagKey)}/counters`, 'must be an array');
    }
    for (let c = 0; c < counters.length; c++) {
      const problem = counterProblem(counters[c]);
      if (problem !== undefined) {
        return fail(`${at}/features/${pointerSegment(flagKey)}/counters/${c}${problem.at}`, problem.message);
      }
    }
  }
  // Client-side SDKs send one summary per context and name it (§3.3).
  return eventContextFailure(event, at, false);
}

function creationFailure(event: Event, at: string): Failure | undefined {
  return isTimestamp(event.creationDate) ? undefined : fail(`${at}/creationDate`, TIMESTAMP);
}

/** Undefined when the event is valid; the failure otherwise; `null` for a kind we do not know. */
function eventFailure(event: unknown, at: string): Failure | undefined | null {
  if (!isObject(event)) return fail(at, 'must be an event object');
  const kind = event.kind;
  switch (kind) {
    case 'summary':
      return summaryFailure(event, at);
    case 'index':
    case 'identify':
      return creationFailure(event, at) ?? eventContextFailure(event, at, true);
    case 'feature':
    case 'debug':
      return creationFailure(event, at) ?? keyFailure(event, at) ?? featureFailure(event, at);
    case 'custom':
      return (
        creationFailure(event, at) ??
        keyFailure(event, at) ??
        metricFailure(event, at) ??
        eventContextFailure(event, at, true)
      );
    case 'click':
    case 'pageview':
      return creationFailure(event, at) ?? keyFailure(event, at) ?? eventContextFailure(event, at, true);
    case 'migration_op':
      return creationFailure(event, at) ?? migrationFailure(event, at);
    default:
      return typeof kind === 'string' ? null : fail(`${at}/kind`, 'must be a string naming the event kind');
  }
}

function featureFailure(event: Event, at: string): Failure | undefined {
  if (event.variation !== undefined && event.variation !== null && !isCount(event.variation)) {
    return fail(`${at}/variation`, COUNT);
  }
  return eventContextFailure(event, at, true);
}

function metricFailure(event: Event, at: string): Failure | undefined {
  const metric = event.metricValue;
  if (metric === undefined || metric === null || (typeof metric === 'number' && Number.isFinite(metric))) {
    return undefined;
  }
  return fail(`${at}/metricValue`, 'must be a finite number');
}

function migrationFailure(event: Event, at: string): Failure | undefined {
  const evaluation = event.evaluation;
  if (!isObject(evaluation)) return fail(`${at}/evaluation`, 'must be an object with the flag key');
  if (typeof evaluation.key !== 'string' || evaluation.key === '') {
    return fail(`${at}/evaluation/key`, 'must be a non-empty string');
  }
  return eventContextFailure(event, at, true);
}

function parseAnalytics(body: unknown): EventParseResult {
  if (!Array.isArray(body)) return fail('', 'must be a JSON array of events');
  if (body.length > MAX_EVENTS_PER_PAYLOAD) {
    return fail('', `has ${body.length} events; send at most ${MAX_EVENTS_PER_PAYLOAD} per post`);
  }
  // Copied only once an unknown kind has to be left out; the common case returns the array as is.
  let kept: Event[] | undefined;
  for (let i = 0; i < body.length; i++) {
    const failure = eventFailure(body[i], `/${i}`);
    if (failure === undefined) {
      kept?.push(body[i] as Event);
    } else if (failure === null) {
      kept ??= body.slice(0, i) as Event[];
    } else {
      return failure;
    }
  }
  return { ok: true, events: kept ?? (body as Event[]) };
}

function parseDiagnostic(body: unknown): EventParseResult {
  if (!isObject(body)) return fail('', 'must be one diagnostic event object');
  if (body.kind !== 'diagnostic-init' && body.kind !== 'diagnostic') {
    return fail('/kind', 'must be "diagnostic-init" or "diagnostic"');
  }
  const failure = creationFailure(body, '');
  return failure ?? { ok: true, events: [body] };
}

/**
 * Validates a post's parsed JSON body. 'analytics' is an array of events (kinds we do
 * not know are dropped); 'diagnostic' is one object, returned as a one-event list.
 * Never throws, whatever `body` is.
 */
export function parseEventPayload(body: unknown, kind: EventPayloadKind): EventParseResult {
  return kind === 'diagnostic' ? parseDiagnostic(body) : parseAnalytics(body);
}
