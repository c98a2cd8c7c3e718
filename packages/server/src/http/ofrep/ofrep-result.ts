import type { Evaluation, FlagJson, Reason } from '@switchyard/engine';

export type OfrepReason =
  | 'STATIC'
  | 'TARGETING_MATCH'
  | 'SPLIT'
  | 'DISABLED'
  | 'DEFAULT'
  | 'UNKNOWN'
  | 'ERROR';

export interface OfrepSuccess {
  key: string;
  value?: unknown;
  reason: OfrepReason;
  variant?: string;
  metadata: Record<string, string | number | boolean>;
}

export interface OfrepFailure {
  key: string;
  errorCode: 'FLAG_NOT_FOUND' | 'PARSE_ERROR' | 'TARGETING_KEY_MISSING' | 'INVALID_CONTEXT' | 'GENERAL';
  errorDetails: string;
}

function ofrepReason(reason: Reason, flag: FlagJson | undefined): OfrepReason {
  switch (reason.kind) {
    case 'OFF':
    case 'PREREQUISITE_FAILED':
      return 'DISABLED';
    case 'TARGET_MATCH':
    case 'RULE_MATCH':
      return 'TARGETING_MATCH';
    case 'FALLTHROUGH':
      return flag?.fallthrough?.rollout ? 'SPLIT' : 'STATIC';
    default:
      return 'ERROR';
  }
}

/** One flag's OFREP result: a success item, or a failure item with its status. */
export function toOfrep(
  key: string,
  evaluation: Evaluation,
  flag: FlagJson | undefined,
): { status: number; body: OfrepSuccess | OfrepFailure } {
  const { reason } = evaluation;
  if (reason.kind === 'ERROR') {
    switch (reason.errorKind) {
      case 'FLAG_NOT_FOUND':
        return {
          status: 404,
          body: {
            key,
            errorCode: 'FLAG_NOT_FOUND',
            errorDetails: `flag "${key}" does not exist in this environment`,
          },
        };
      case 'MALFORMED_FLAG':
        return {
          status: 400,
          body: { key, errorCode: 'PARSE_ERROR', errorDetails: `flag "${key}" has malformed targeting` },
        };
      case 'USER_NOT_SPECIFIED':
        return {
          status: 400,
          body: {
            key,
            errorCode: 'INVALID_CONTEXT',
            errorDetails: 'the context is not a valid LaunchDarkly context',
          },
        };
      default:
        return { status: 500, body: { key, errorCode: 'GENERAL', errorDetails: reason.errorKind } };
    }
  }
  const metadata: Record<string, string | number | boolean> = {};
  if (flag?.version !== undefined) metadata.flagVersion = flag.version;
  if (reason.kind === 'RULE_MATCH' && reason.ruleId !== undefined) metadata.ruleId = reason.ruleId;
  if ('inExperiment' in reason && reason.inExperiment) metadata.inExperiment = true;
  const body: OfrepSuccess = { key, reason: ofrepReason(reason, flag), metadata };
  // No variation served (off with no off variation): the caller's default applies (OFREP ADR-0006).
  if (evaluation.variationIndex !== null) {
    body.value = evaluation.value;
    body.variant = String(evaluation.variationIndex);
  }
  return { status: 200, body };
}
