/**
 * The stream adapter: `GET <streamUri>/all` as server-sent events, applied to the store message by
 * message. Reconnects with jittered backoff on any error, end or silence longer than the read
 * timeout (the server sends a heartbeat); each reconnection gets a fresh `put`, which is how the
 * client catches up. A 401 or 403 stops it: the key will not start working by retrying.
 */
import { Backoff } from './backoff.js';
import type { DataSink, DataSource } from './data-source.js';
import type { Logger } from './logger.js';
import { SseParser } from './sse-parser.js';
import { parseStreamMessage } from './stream-message.js';

export interface StreamingOptions {
  readonly sdkKey: string;
  readonly streamUri: string;
  readonly initialReconnectDelayMs: number;
  /** No bytes for this long means a dead connection. */
  readonly readTimeoutMs: number;
  readonly logger: Logger;
  readonly userAgent: string;
}

export class StreamingSource implements DataSource {
  private closed = false;
  private abort: AbortController | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private readTimer: NodeJS.Timeout | undefined;
  private readonly backoff: Backoff;
  private sink: DataSink | undefined;

  constructor(private readonly options: StreamingOptions) {
    this.backoff = new Backoff(options.initialReconnectDelayMs);
  }

  start(sink: DataSink): void {
    this.sink = sink;
    void this.connect();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.readTimer);
    this.abort?.abort();
    this.sink?.status('off');
  }

  private async connect(): Promise<void> {
    const sink = this.sink;
    if (this.closed || sink === undefined) return;
    const abort = new AbortController();
    this.abort = abort;
    try {
      const response = await fetch(`${this.options.streamUri.replace(/\/$/, '')}/all`, {
        headers: {
          authorization: this.options.sdkKey,
          accept: 'text/event-stream',
          'user-agent': this.options.userAgent,
        },
        signal: abort.signal,
      });
      if (response.status === 401 || response.status === 403) {
        await response.body?.cancel();
        this.options.logger.error({ status: response.status }, 'the SDK key was refused; the stream stops');
        this.closed = true;
        sink.status('off', new Error(`the stream was refused with ${response.status}`));
        return;
      }
      if (!response.ok || response.body === null) {
        await response.body?.cancel();
        throw new Error(`the stream answered ${response.status}`);
      }
      await this.read(response.body, sink);
      if (!this.closed) throw new Error('the stream ended');
    } catch (error) {
      if (this.closed) return;
      this.retry(sink, error instanceof Error ? error : new Error(String(error)));
    } finally {
      clearTimeout(this.readTimer);
    }
  }

  private async read(body: ReadableStream<Uint8Array>, sink: DataSink): Promise<void> {
    const decoder = new TextDecoder();
    const parser = new SseParser(({ event, data }) => {
      const message = parseStreamMessage(event, data);
      switch (message.type) {
        case 'put':
          sink.init(message.data);
          this.backoff.succeeded();
          sink.status('valid');
          break;
        case 'patch':
          sink.upsert(message.kind, message.key, message.item);
          break;
        case 'delete':
          sink.remove(message.kind, message.key, message.version);
          break;
        case 'malformed':
          this.options.logger.warn({ error: message.error }, 'a malformed stream message was skipped');
          break;
        case 'ignored':
          break;
      }
    });
    const reader = body.getReader();
    this.armReadTimer();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      this.armReadTimer();
      parser.push(decoder.decode(value, { stream: true }));
    }
  }

  private armReadTimer(): void {
    clearTimeout(this.readTimer);
    this.readTimer = setTimeout(
      () => this.abort?.abort(new Error('the stream was silent too long')),
      this.options.readTimeoutMs,
    );
    this.readTimer.unref();
  }

  private retry(sink: DataSink, error: Error): void {
    const delay = this.backoff.nextDelay();
    this.options.logger.warn(
      { error: error.message, retryInMs: Math.round(delay) },
      'the stream was lost; reconnecting',
    );
    sink.status('interrupted', error);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }
}
