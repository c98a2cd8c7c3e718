/**
 * Flags from files, for tests, local development and air-gapped hosts:
 * `init('', { dataSource: new FileData({ paths: ['flags.json'], autoUpdate: true }) })`.
 * Reads LaunchDarkly's flag-file format (`flags`, `flagValues`, `segments`) and Switchyard's
 * sdk-data export; with `autoUpdate` a changed file reaches the client's change listeners.
 */
import type { DataSource, DataSourceFactory } from './data-source.js';
import { FileSource } from './file-source.js';
import type { Logger } from './logger.js';

export interface FileDataOptions {
  /** The files, merged; a key defined in two of them is an error. */
  readonly paths: readonly string[];
  /** Reload when a file changes. Default false. */
  readonly autoUpdate?: boolean;
}

export class FileData implements DataSourceFactory {
  constructor(private readonly options: FileDataOptions) {}

  createDataSource(logger: Logger): DataSource {
    return new FileSource(this.options.paths, this.options.autoUpdate === true, logger);
  }
}
