/** The data source a client's options ask for: test data, none (offline), polling, or the stream with polling fallback. */
import type { DataSource } from './data-source.js';
import { FallbackSource } from './fallback-source.js';
import type { ResolvedOptions } from './options.js';
import { PollingSource } from './polling-source.js';
import { StreamingSource } from './streaming-source.js';

export function createDataSource(
  sdkKey: string,
  o: ResolvedOptions,
  userAgent: string,
): DataSource | undefined {
  if (o.dataSource !== undefined) return o.dataSource.createDataSource(o.logger);
  if (o.offline) return undefined;
  const poller = () =>
    new PollingSource({
      sdkKey,
      baseUri: o.baseUri,
      intervalMs: o.pollIntervalMs,
      logger: o.logger,
      userAgent,
    });
  if (!o.stream) return poller();
  const stream = new StreamingSource({
    sdkKey,
    streamUri: o.streamUri,
    initialReconnectDelayMs: o.initialReconnectDelayMs,
    readTimeoutMs: o.streamReadTimeoutMs,
    logger: o.logger,
    userAgent,
  });
  return o.pollingFallbackAfterMs > 0 ? new FallbackSource(stream, poller, o.pollingFallbackAfterMs) : stream;
}
