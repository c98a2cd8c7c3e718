/**
 * The polling adapter: `GET <baseUri>/sdk/latest-all` every `intervalMs` with the last ETag, so an
 * unchanged environment costs a 304. A malformed body is logged and skipped, keeping the data held.
 */
import type { DataSink, DataSource } from './data-source.js';
import type { Logger } from './logger.js';
import { parseFlagData } from './stream-message.js';

export interface PollingOptions {
  readonly sdkKey: string;
  readonly baseUri: string;
  readonly intervalMs: number;
  readonly logger: Logger;
  readonly userAgent: string;
}

export class PollingSource implements DataSource {
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private abort: AbortController | undefined;
  private etag: string | undefined;

  constructor(private readonly options: PollingOptions) {}

  start(sink: DataSink): void {
    void this.poll(sink);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.abort?.abort();
  }

  private async poll(sink: DataSink): Promise<void> {
    if (this.closed) return;
    this.abort = new AbortController();
    try {
      const headers: Record<string, string> = {
        authorization: this.options.sdkKey,
        'user-agent': this.options.userAgent,
      };
      if (this.etag !== undefined) headers['if-none-match'] = this.etag;
      const response = await fetch(`${this.options.baseUri.replace(/\/$/, '')}/sdk/latest-all`, {
        headers,
        signal: this.abort.signal,
      });
      if (response.status === 401 || response.status === 403) {
        await response.body?.cancel();
        this.options.logger.error({ status: response.status }, 'the SDK key was refused; polling stops');
        this.closed = true;
        sink.status('off', new Error(`polling was refused with ${response.status}`));
        return;
      }
      if (response.status === 304) {
        await response.body?.cancel();
        sink.status('valid');
      } else if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`polling answered ${response.status}`);
      } else {
        const data = parseFlagData(await response.json().catch(() => undefined));
        if (data === undefined) {
          this.options.logger.warn({}, 'a malformed poll response was skipped');
        } else {
          this.etag = response.headers.get('etag') ?? undefined;
          sink.init(data);
          sink.status('valid');
        }
      }
    } catch (error) {
      if (this.closed) return;
      const err = error instanceof Error ? error : new Error(String(error));
      this.options.logger.warn({ error: err.message }, 'a poll failed');
      sink.status('interrupted', err);
    }
    if (!this.closed) this.timer = setTimeout(() => void this.poll(sink), this.options.intervalMs);
  }
}
