/** What the SDK logs through: pino's shape (a pino logger fits as it is), or any object with these four methods. */
export interface Logger {
  error(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  info(object: object, message?: string): void;
  debug(object: object, message?: string): void;
}

const ignore = (): void => {};

/** The default: the SDK is silent unless the host hands it a logger. */
export const silentLogger: Logger = Object.freeze({
  error: ignore,
  warn: ignore,
  info: ignore,
  debug: ignore,
});
