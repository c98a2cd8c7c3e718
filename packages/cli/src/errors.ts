/**
 * The CLI's two kinds of failure and their exit codes: 1 for an error (the API refused,
 * the server is unreachable, a file is invalid), 2 for a usage mistake (a missing or bad
 * argument, an unknown command), so scripts can tell a typo from an outage.
 */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

/** A failure worth one clear message; `code` is the API's stable code when it came from the API. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly options: {
      readonly code?: string;
      readonly status?: number;
      readonly details?: readonly ErrorDetail[];
      readonly exitCode?: number;
    } = {},
  ) {
    super(message);
  }

  get exitCode(): number {
    return this.options.exitCode ?? EXIT_ERROR;
  }
}

/** A mistake in how the command was called: exit 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, { code: 'USAGE', exitCode: EXIT_USAGE });
  }
}
