export type ErrorKind =
  | 'CLIENT_NOT_READY'
  | 'FLAG_NOT_FOUND'
  | 'MALFORMED_FLAG'
  | 'USER_NOT_SPECIFIED'
  | 'WRONG_TYPE'
  | 'EXCEPTION';

export type BigSegmentsStatus = 'HEALTHY' | 'STALE' | 'STORE_ERROR' | 'NOT_CONFIGURED';

/** LaunchDarkly's evaluation reason JSON (reference/ld-protocol.md §5.2). */
export type Reason = ReasonBody & { readonly bigSegmentsStatus?: BigSegmentsStatus };

type ReasonBody =
  | { readonly kind: 'OFF' }
  | { readonly kind: 'FALLTHROUGH'; readonly inExperiment?: true }
  | { readonly kind: 'TARGET_MATCH' }
  | {
      readonly kind: 'RULE_MATCH';
      readonly ruleIndex: number;
      readonly ruleId?: string;
      readonly inExperiment?: true;
    }
  | { readonly kind: 'PREREQUISITE_FAILED'; readonly prerequisiteKey: string }
  | { readonly kind: 'ERROR'; readonly errorKind: ErrorKind };

export type ReasonKind = Reason['kind'];

export const OFF: Reason = Object.freeze({ kind: 'OFF' });
export const FALLTHROUGH: Reason = Object.freeze({ kind: 'FALLTHROUGH' });
export const TARGET_MATCH: Reason = Object.freeze({ kind: 'TARGET_MATCH' });

const errorReasons = new Map<ErrorKind, Reason>();

export function errorReason(errorKind: ErrorKind): Reason {
  let reason = errorReasons.get(errorKind);
  if (reason === undefined) {
    reason = Object.freeze({ kind: 'ERROR', errorKind });
    errorReasons.set(errorKind, reason);
  }
  return reason;
}

export function ruleMatchReason(ruleIndex: number, ruleId: string | undefined): Reason {
  return ruleId === undefined ? { kind: 'RULE_MATCH', ruleIndex } : { kind: 'RULE_MATCH', ruleIndex, ruleId };
}

export function prerequisiteFailedReason(prerequisiteKey: string): Reason {
  return { kind: 'PREREQUISITE_FAILED', prerequisiteKey };
}
