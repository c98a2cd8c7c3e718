/**
 * Every API error, declared once with its stable code and HTTP status. One handler
 * maps errors to `{code, message, details?}`; anything unrecognised is a 500 with a
 * generic body, and the details go to the log.
 */
import { ControlPlaneError, type ControlPlaneErrorCode, type ErrorDetail } from '@switchyard/control-plane';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const API_ERRORS = {
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  VERSION_CONFLICT: 409,
  INVALID_DATA: 400,
  FORBIDDEN: 403,
  PROTECTED_RESOURCE: 403,
  COMMENT_TOO_LONG: 400,
  INVALID_CREDENTIALS: 401,
  WEAK_PASSWORD: 400,
  SETUP_ALREADY_DONE: 409,
  SETUP_TOKEN_INVALID: 401,
  USER_DISABLED: 403,
  CSRF_TOKEN_MISMATCH: 403,
  SIGN_IN_THROTTLED: 429,
  NOT_REVERTIBLE: 400,
  LAST_ADMIN: 409,
  TOO_MANY_FEEDS: 429,
  STORE_UNAVAILABLE: 503,
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHORIZED: 401,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INVALID_URL: 400,
  URL_PARAM_TOO_LONG: 414,
  INVALID_EVENTS: 400,
  CONTEXT_TOO_LARGE: 400,
  CONTEXT_TOO_MANY_ATTRIBUTES: 400,
  CONTEXT_TOO_DEEP: 400,
  CONTEXT_STRING_TOO_LONG: 400,
  RATE_LIMITED: 429,
  EVENTS_THROTTLED: 429,
  SPOOL_SHARE_FULL: 429,
  SPOOL_FULL: 503,
  SHUTTING_DOWN: 503,
  TOO_MANY_STREAMS: 503,
  INVALID_CONTEXT: 400,
  INTERNAL: 500,
} as const satisfies Record<ControlPlaneErrorCode | string, number>;

export type ApiErrorCode = keyof typeof API_ERRORS;

/** 5xx answers that are the server protecting itself (load shedding, shutdown), not faults: not logged as errors. */
const NOT_FAULTS: ReadonlySet<ApiErrorCode> = new Set(['SPOOL_FULL', 'SHUTTING_DOWN', 'TOO_MANY_STREAMS']);

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: readonly ErrorDetail[],
    /** Extra response headers, such as Retry-After. */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
  }

  get statusCode(): number {
    return API_ERRORS[this.code];
  }
}

export interface ErrorBody {
  code: ApiErrorCode;
  message: string;
  details?: readonly ErrorDetail[];
}

function describe(v: { message?: string; params?: Record<string, unknown> }): string {
  const extra = v.params?.additionalProperty;
  if (typeof extra === 'string') return `has an unknown property "${extra}"`;
  const allowed = v.params?.allowedValues;
  if (Array.isArray(allowed))
    return `${v.message ?? 'is invalid'}: ${allowed.map((a) => JSON.stringify(a)).join(', ')}`;
  return v.message ?? 'is invalid';
}

function fromFastify(error: FastifyError): ErrorBody | undefined {
  if (error.validation) {
    const details = error.validation.map((v) => ({
      path: `${error.validationContext === 'body' ? '' : `${error.validationContext}:`}${v.instancePath || '/'}`,
      message: describe(v),
    }));
    return {
      code: 'VALIDATION_FAILED',
      message: `The request ${error.validationContext ?? 'input'} is invalid`,
      details,
    };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'INVALID_JSON', message: 'The request body is not valid JSON' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than this endpoint accepts' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the request body as application/json' };
    case 'FST_ERR_BAD_URL':
      return { code: 'INVALID_URL', message: 'The request URL is not valid (bad percent-encoding)' };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { code: 'URL_PARAM_TOO_LONG', message: 'A path parameter of the request URL is too long' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { code: 'INVALID_JSON', message: 'The request body length does not match Content-Length' };
    default:
      return undefined;
  }
}

export function toErrorBody(error: unknown): ErrorBody | undefined {
  if (error instanceof ApiError || error instanceof ControlPlaneError) {
    return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  }
  if (error instanceof Error && 'code' in error) return fromFastify(error as FastifyError);
  return undefined;
}

/**
 * Fastify's `frameworkErrors` option: errors the router raises before any route runs
 * (a bad URL, a path parameter over `maxParamLength`) get the same body as every other.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const body = fromFastify(error) ?? { code: 'INVALID_URL', message: error.message };
  reply.status(API_ERRORS[body.code]).send(body);
}

/** How the server answers an error, whatever wire format a surface renders it in. */
export interface ErrorAnswer {
  readonly status: number;
  readonly body: ErrorBody;
  readonly headers?: Readonly<Record<string, string>>;
  /** A fault of ours, logged as an error; load shedding and client mistakes are not. */
  readonly fault: boolean;
}

const UNEXPECTED: ErrorBody = {
  code: 'INTERNAL',
  message: 'Something went wrong on our side; it has been logged',
};

/** The one mapping from a thrown error to its status, body and headers. */
export function answerFor(error: unknown): ErrorAnswer {
  const body = toErrorBody(error);
  if (body === undefined) return { status: 500, body: UNEXPECTED, fault: true };
  const status = API_ERRORS[body.code];
  return {
    status,
    body,
    ...(error instanceof ApiError && error.headers ? { headers: error.headers } : {}),
    fault: status >= 500 && !NOT_FAULTS.has(body.code),
  };
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const answer = answerFor(error);
    if (answer.fault)
      request.log.error(
        { err: error },
        answer.body === UNEXPECTED ? 'unexpected error' : answer.body.message,
      );
    if (answer.headers) reply.headers(answer.headers);
    return reply.status(answer.status).send(answer.body);
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send({ code: 'ROUTE_NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}` });
  });
}
