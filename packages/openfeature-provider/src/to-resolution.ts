/**
 * The SDK's evaluation detail in OpenFeature's terms: LaunchDarkly's reason kinds become
 * OpenFeature's standard reasons, its error kinds OpenFeature's error codes, the variation index
 * the variant, and the LaunchDarkly reason itself travels in the flag metadata, so nothing is lost.
 */
import {
  ErrorCode,
  type FlagMetadata,
  type ResolutionDetails,
  type ResolutionReason,
  StandardResolutionReasons,
} from '@openfeature/server-sdk';
import type { ErrorKind, EvaluationDetail, FlagJson, JsonValue, Reason } from '@switchyard/engine';

const ERROR_CODES: Record<ErrorKind, ErrorCode> = {
  CLIENT_NOT_READY: ErrorCode.PROVIDER_NOT_READY,
  FLAG_NOT_FOUND: ErrorCode.FLAG_NOT_FOUND,
  MALFORMED_FLAG: ErrorCode.PARSE_ERROR,
  USER_NOT_SPECIFIED: ErrorCode.INVALID_CONTEXT,
  WRONG_TYPE: ErrorCode.TYPE_MISMATCH,
  EXCEPTION: ErrorCode.GENERAL,
};

const ERROR_MESSAGES: Record<ErrorKind, string> = {
  CLIENT_NOT_READY: 'the Switchyard client has no flag data yet',
  FLAG_NOT_FOUND: 'no flag with this key',
  MALFORMED_FLAG: 'the flag data is malformed',
  USER_NOT_SPECIFIED: 'the evaluation context is not a valid LaunchDarkly context',
  WRONG_TYPE: 'the flag value is not of the requested type',
  EXCEPTION: 'the evaluation failed',
};

/** Experiments and, as the server's OFREP answers, a fallthrough to a percentage rollout are SPLIT. */
function reasonOf(reason: Reason, flag: FlagJson | undefined): ResolutionReason {
  switch (reason.kind) {
    case 'OFF':
      return StandardResolutionReasons.DISABLED;
    case 'TARGET_MATCH':
    case 'PREREQUISITE_FAILED':
      return StandardResolutionReasons.TARGETING_MATCH;
    case 'RULE_MATCH':
      return reason.inExperiment === true
        ? StandardResolutionReasons.SPLIT
        : StandardResolutionReasons.TARGETING_MATCH;
    case 'FALLTHROUGH':
      return reason.inExperiment === true || flag?.fallthrough?.rollout !== undefined
        ? StandardResolutionReasons.SPLIT
        : StandardResolutionReasons.DEFAULT;
    case 'ERROR':
      return StandardResolutionReasons.ERROR;
  }
}

/** LaunchDarkly's reason, flattened into OpenFeature's flag metadata (string, number and boolean values). */
function metadataOf(reason: Reason): FlagMetadata {
  const metadata: Record<string, string | number | boolean> = { reasonKind: reason.kind };
  if ('ruleIndex' in reason) metadata.ruleIndex = reason.ruleIndex;
  if ('ruleId' in reason && reason.ruleId !== undefined) metadata.ruleId = reason.ruleId;
  if ('prerequisiteKey' in reason) metadata.prerequisiteKey = reason.prerequisiteKey;
  if ('inExperiment' in reason && reason.inExperiment === true) metadata.inExperiment = true;
  return metadata;
}

/** `flag` is the evaluated flag's JSON (undefined when unknown), for what the detail does not say. */
export function toResolution<T extends JsonValue>(
  detail: EvaluationDetail<T>,
  flag: FlagJson | undefined,
): ResolutionDetails<T> {
  const { reason } = detail;
  const resolution: ResolutionDetails<T> = {
    value: detail.value,
    reason: reasonOf(reason, flag),
    flagMetadata: metadataOf(reason),
  };
  if (detail.variationIndex !== null) resolution.variant = String(detail.variationIndex);
  if (reason.kind === 'ERROR') {
    resolution.errorCode = ERROR_CODES[reason.errorKind];
    resolution.errorMessage = ERROR_MESSAGES[reason.errorKind];
  }
  return resolution;
}

/** A resolution that never reached the SDK (a context the provider could not translate). */
export function errorResolution<T>(
  value: T,
  errorCode: ErrorCode,
  errorMessage: string,
): ResolutionDetails<T> {
  return { value, reason: StandardResolutionReasons.ERROR, errorCode, errorMessage };
}
