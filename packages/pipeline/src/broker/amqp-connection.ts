/**
 * One long-lived AMQP connection that reconnects with backoff. Its owner opens its
 * channels in `setup`, which runs once per (re)connect: that is the only place
 * channels are created, and every one is counted. A channel that dies on its own
 * recycles the whole connection, so channels are still only re-created on reconnect.
 * Every emitter gets an `error` listener: a broker fault never crashes the process.
 */
import amqp, { type Channel, type ChannelModel, type ConfirmChannel } from 'amqplib';
import { backoffDelay, Wakeup } from '../backoff.js';
import type { PipelineLogger } from '../pipeline-logger.js';

export interface ChannelOpener {
  channel(): Promise<Channel>;
  confirmChannel(): Promise<ConfirmChannel>;
}

export interface AmqpConnectionOptions {
  readonly url: string;
  readonly heartbeatSeconds: number;
  readonly connectionName: string;
  readonly log: PipelineLogger;
  /** Opens the channels and declares what they need; a throw closes the connection and retries. */
  readonly setup: (open: ChannelOpener) => Promise<void>;
  readonly onUp?: () => void;
  /** The connection is gone (its channels with it); a reconnect follows unless closing. */
  readonly onDown?: () => void;
  readonly onBlocked?: (reason: string) => void;
  readonly onUnblocked?: () => void;
}

/** How long one connect attempt may take before it counts as failed. */
const CONNECT_TIMEOUT_MS = 10_000;

export class AmqpConnection {
  private current: ChannelModel | undefined;
  private up = false;
  private closing = false;
  private opened = 0;
  private readonly retry = new Wakeup();
  private readonly upWaiters = new Set<() => void>();
  private readonly loop: Promise<void>;
  private readonly url: string;

  constructor(private readonly options: AmqpConnectionOptions) {
    // Parsed here, so a bad URL fails start-up instead of the reconnect loop.
    const url = new URL(options.url);
    if (!url.searchParams.has('heartbeat'))
      url.searchParams.set('heartbeat', String(options.heartbeatSeconds));
    this.url = url.toString();
    this.loop = this.run();
  }

  /** Channels opened since start, over every reconnect. */
  get channelsOpened(): number {
    return this.opened;
  }

  get isUp(): boolean {
    return this.up;
  }

  /** Resolves true once connected and set up, false after `timeoutMs`. */
  waitUp(timeoutMs: number): Promise<boolean> {
    if (this.up) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (value: boolean) => {
        clearTimeout(timer);
        this.upWaiters.delete(onUp);
        resolve(value);
      };
      const onUp = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.upWaiters.add(onUp);
    });
  }

  /** Drops the connection (a channel failed); the loop reconnects after a backoff. */
  recycle(reason: string): void {
    const conn = this.current;
    if (conn === undefined || this.closing) return;
    this.options.log.warn(
      { connection: this.options.connectionName, reason },
      'recycling the AMQP connection',
    );
    conn.close().catch(() => {});
  }

  /** Closes the connection and stops reconnecting; gives up waiting after `timeoutMs`. */
  async close(timeoutMs = 5000): Promise<void> {
    this.closing = true;
    this.retry.wake();
    this.current?.close().catch(() => {});
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.loop, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  private async run(): Promise<void> {
    const { log, connectionName } = this.options;
    let attempt = 0;
    while (!this.closing) {
      let conn: ChannelModel;
      try {
        conn = await amqp.connect(this.url, {
          clientProperties: { connection_name: connectionName },
          timeout: CONNECT_TIMEOUT_MS,
          // amqplib leaves Nagle on: a lone publish then waits for the broker's delayed ACK,
          // and a confirm at low load took about 44 ms instead of 2 (bench/README.md).
          noDelay: true,
        });
      } catch (err) {
        log.warn({ err, connection: connectionName, attempt }, 'AMQP connect failed');
        await this.retry.wait(backoffDelay(attempt++));
        continue;
      }
      const closed = new Promise<void>((resolve) => conn.once('close', () => resolve()));
      conn.on('error', (err: Error) =>
        log.warn({ err, connection: connectionName }, 'AMQP connection error'),
      );
      conn.on('handler-error', (err: Error) =>
        log.error({ err, connection: connectionName }, 'AMQP handler threw'),
      );
      conn.on('blocked', (reason: string) => this.options.onBlocked?.(reason));
      conn.on('unblocked', () => this.options.onUnblocked?.());
      this.current = conn;
      try {
        if (this.closing) throw new Error('closing');
        await this.options.setup(this.opener(conn));
        attempt = 0;
        this.up = true;
        log.info({ connection: connectionName }, 'AMQP connection up');
        this.options.onUp?.();
        for (const waiter of [...this.upWaiters]) waiter();
      } catch (err) {
        if (!this.closing) log.error({ err, connection: connectionName }, 'AMQP connection setup failed');
        conn.close().catch(() => {});
      }
      await closed;
      const wasUp = this.up;
      this.up = false;
      this.current = undefined;
      this.options.onDown?.();
      if (this.closing) break;
      if (wasUp) log.warn({ connection: connectionName }, 'AMQP connection lost');
      await this.retry.wait(backoffDelay(attempt++));
    }
  }

  private opener(conn: ChannelModel): ChannelOpener {
    const watch = <C extends Channel>(channel: C): C => {
      this.opened += 1;
      channel.on('error', (err: Error) =>
        this.options.log.warn({ err, connection: this.options.connectionName }, 'AMQP channel error'),
      );
      channel.on('handler-error', (err: Error) =>
        this.options.log.error(
          { err, connection: this.options.connectionName },
          'AMQP channel handler threw',
        ),
      );
      // A channel closed while its connection lives (a 404 or 406 from the broker):
      // recycle the connection rather than open a replacement channel here.
      // When the whole connection closes its channels close first, in the same tick: look
      // again a tick later, by when the connection's own close has been seen.
      channel.on('close', () =>
        setImmediate(() => {
          if (this.current === conn && this.up) this.recycle('a channel closed');
        }),
      );
      return channel;
    };
    return {
      channel: async () => watch(await conn.createChannel()),
      confirmChannel: async () => watch(await conn.createConfirmChannel()),
    };
  }
}
