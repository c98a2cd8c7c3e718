/**
 * Evaluations for client-side and mobile SDKs (reference/ld-protocol.md §2): the
 * server evaluates every flag the credential may see for one context.
 */
import { createHmac } from 'node:crypto';
import type { Evaluator, FlagJson, JsonValue, Reason } from '@switchyard/engine';
import { parseContext } from '@switchyard/engine';
import type { EnvironmentData } from '../../delivery/environment-snapshots.js';

export type ClientKind = 'browser' | 'mobile';

export interface ClientFlag {
  value: JsonValue;
  variation: number | null;
  version: number;
  flagVersion: number;
  reason?: Reason;
  trackEvents?: true;
  trackReason?: true;
  debugEventsUntilDate?: number;
  prerequisites?: readonly string[];
}

/** A context from a URL segment: base64url or standard base64, padded or not. */
export function decodeContext(encoded: string): unknown {
  try {
    const text = Buffer.from(encoded.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const escapeKey = (key: string) => key.replace(/%/g, '%25').replace(/:/g, '%3A');

/** LaunchDarkly's canonical key, the message of the secure-mode hash. */
export function canonicalKey(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const context = raw as Record<string, unknown>;
  if (context.kind === undefined || context.kind === null || context.kind === 'user') {
    return context.key === undefined || context.key === null ? undefined : String(context.key);
  }
  if (context.kind !== 'multi') return `${String(context.kind)}:${escapeKey(String(context.key))}`;
  const kinds = Object.keys(context)
    .filter((k) => k !== 'kind')
    .sort();
  if (kinds.length === 1) return canonicalKey({ ...(context[kinds[0] as string] as object), kind: kinds[0] });
  return kinds
    .map((k) => `${k}:${escapeKey(String((context[k] as Record<string, unknown>)?.key))}`)
    .join(':');
}

export function secureModeHash(sdkKey: string, raw: unknown): string | undefined {
  const key = canonicalKey(raw);
  return key === undefined ? undefined : createHmac('sha256', sdkKey).update(key).digest('hex');
}

function visibleTo(flag: FlagJson, kind: ClientKind): boolean {
  const availability = flag.clientSideAvailability;
  if (kind === 'mobile') return availability?.usingMobileKey ?? true;
  return availability?.usingEnvironmentId ?? flag.clientSide === true;
}

/** Whether this evaluation is part of an experiment, so events must carry full detail. */
function isExperiment(flag: FlagJson, reason: Reason): boolean {
  if ('inExperiment' in reason && reason.inExperiment) return true;
  if (reason.kind === 'FALLTHROUGH') return flag.trackEventsFallthrough === true;
  if (reason.kind === 'RULE_MATCH') return flag.rules?.[reason.ruleIndex]?.trackEvents === true;
  return false;
}

export function evaluateForClient(
  evaluator: Evaluator,
  data: EnvironmentData,
  rawContext: unknown,
  kind: ClientKind,
  withReasons: boolean,
): Record<string, ClientFlag> | undefined {
  const context = parseContext(rawContext);
  if (!context.valid) return undefined;
  const out: Record<string, ClientFlag> = {};
  for (const [key, flag] of Object.entries(data.flags)) {
    if (!visibleTo(flag, kind)) continue;
    const evaluation = evaluator.evaluate(data.snapshot, key, context);
    const experiment = isExperiment(flag, evaluation.reason);
    const version = flag.version ?? 1;
    const item: ClientFlag = {
      value: evaluation.value,
      variation: evaluation.variationIndex,
      version,
      flagVersion: version,
    };
    if (withReasons || experiment) item.reason = evaluation.reason;
    if (flag.trackEvents === true || experiment) item.trackEvents = true;
    if (experiment) item.trackReason = true;
    if (typeof flag.debugEventsUntilDate === 'number') item.debugEventsUntilDate = flag.debugEventsUntilDate;
    if (evaluation.prerequisites !== undefined) item.prerequisites = evaluation.prerequisites;
    out[key] = item;
  }
  return out;
}
