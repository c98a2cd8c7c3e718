/**
 * The control plane's failures, as stable codes. The server maps each code to an
 * HTTP status in one table; nothing else decides a status.
 */
export type ControlPlaneErrorCode =
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'VERSION_CONFLICT'
  | 'INVALID_DATA'
  | 'FORBIDDEN'
  | 'PROTECTED_RESOURCE'
  /** An audit comment over its length limit. */
  | 'COMMENT_TOO_LONG'
  /** A wrong password (or an unknown email: the two are answered alike). */
  | 'INVALID_CREDENTIALS'
  /** A password outside the length policy. */
  | 'WEAK_PASSWORD'
  /** First-run setup once a user exists. */
  | 'SETUP_ALREADY_DONE'
  /** A revert names an audit entry that holds no targeting of that flag in that environment. */
  | 'NOT_REVERTIBLE'
  /** A change that would leave no active admin for every project (who could then manage people?). */
  | 'LAST_ADMIN'
  /** The store cannot be reached; nothing was written, and the caller may retry. */
  | 'STORE_UNAVAILABLE';

export interface ErrorDetail {
  /** Where the problem is, as a JSON pointer into the request body or a resource path. */
  readonly path: string;
  readonly message: string;
}

export class ControlPlaneError extends Error {
  override readonly name = 'ControlPlaneError';
  constructor(
    readonly code: ControlPlaneErrorCode,
    message: string,
    readonly details?: readonly ErrorDetail[],
  ) {
    super(message);
  }
}

export function notFound(what: string): ControlPlaneError {
  return new ControlPlaneError('NOT_FOUND', `${what} does not exist`);
}

export function alreadyExists(what: string): ControlPlaneError {
  return new ControlPlaneError('ALREADY_EXISTS', `${what} already exists`);
}

export function versionConflict(what: string, expected: number, actual: number): ControlPlaneError {
  return new ControlPlaneError(
    'VERSION_CONFLICT',
    `${what} was changed by someone else: you sent version ${expected}, the current version is ${actual}; reload and try again`,
  );
}

export function invalidData(message: string, details?: readonly ErrorDetail[]): ControlPlaneError {
  return new ControlPlaneError('INVALID_DATA', message, details);
}
