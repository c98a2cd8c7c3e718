/**
 * The stream, with polling while it is down: when the stream has not delivered for `afterMs` since
 * it was lost (or since the start), a polling source feeds the same sink until the stream is back.
 * Versions guard the store, and each reconnection's `put` replaces what polling brought.
 */
import type { DataSink, DataSource, SourceState } from './data-source.js';

export class FallbackSource implements DataSource {
  private poller: DataSource | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly stream: DataSource,
    private readonly createPoller: () => DataSource,
    private readonly afterMs: number,
  ) {}

  start(sink: DataSink): void {
    const states: { stream: SourceState; poll: SourceState } = { stream: 'interrupted', poll: 'off' };
    const report = (error?: Error) => {
      const state = states.stream === 'valid' || states.poll === 'valid' ? 'valid' : states.stream;
      sink.status(state, error);
    };
    this.arm();
    this.stream.start({
      ...sink,
      status: (state, error) => {
        states.stream = state;
        if (state === 'valid') this.stopPolling(states);
        else if (state === 'interrupted') this.arm();
        else this.stopPolling(states);
        report(error);
      },
    });
    this.startPolling = () => {
      if (this.closed || this.poller !== undefined) return;
      this.poller = this.createPoller();
      this.poller.start({
        ...sink,
        status: (state, error) => {
          states.poll = state;
          report(error);
        },
      });
    };
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.poller?.close();
    this.stream.close();
  }

  private startPolling: () => void = () => {};

  private arm(): void {
    if (this.timer !== undefined || this.poller !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.startPolling();
    }, this.afterMs);
    this.timer.unref();
  }

  private stopPolling(states: { poll: SourceState }): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.poller?.close();
    this.poller = undefined;
    states.poll = 'off';
  }
}
