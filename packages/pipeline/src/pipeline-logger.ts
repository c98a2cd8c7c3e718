/**
 * The logger the pipeline writes to: a structural subset of pino, so the server passes
 * its own logger and tests pass a silent or recording one.
 */
export interface PipelineLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
