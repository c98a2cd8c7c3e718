/** The logging the event modules need; pino's Logger fits it. */
export interface EventsLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
