import { CONTEXT_LIMITS, type ContextLimit, exceededContextLimit } from '@switchyard/engine';
import { ApiError, type ApiErrorCode } from '../errors.js';

/** The error code naming each limit, for every surface (evaluation and event ingest). */
export const CONTEXT_LIMIT_CODES: Record<ContextLimit, ApiErrorCode> = {
  bytes: 'CONTEXT_TOO_LARGE',
  attributes: 'CONTEXT_TOO_MANY_ATTRIBUTES',
  depth: 'CONTEXT_TOO_DEEP',
  stringLength: 'CONTEXT_STRING_TOO_LONG',
};

const MESSAGES: Record<ContextLimit, string> = {
  bytes: `The context is larger than ${CONTEXT_LIMITS.bytes} bytes as JSON`,
  attributes: `The context has more than ${CONTEXT_LIMITS.attributes} attributes and array elements in all`,
  depth: `The context nests objects and arrays more than ${CONTEXT_LIMITS.depth} deep`,
  stringLength: `The context holds a string longer than ${CONTEXT_LIMITS.stringLength} characters`,
};

/** The 400 for a context from a public request that breaks one of CONTEXT_LIMITS, or undefined. */
export function contextLimitError(raw: unknown): ApiError | undefined {
  const limit = exceededContextLimit(raw);
  return limit === undefined ? undefined : new ApiError(CONTEXT_LIMIT_CODES[limit], MESSAGES[limit]);
}
