/**
 * Cross-node change notification on PostgreSQL: every transaction that records a
 * change also sends `NOTIFY switchyard_changes` (delivered only if it commits), and
 * each node LISTENs on a dedicated connection. A lost notification or a dropped
 * connection loses nothing: the node then re-reads the change records by sequence
 * number, which is what `onChange` does.
 */
import pg from 'pg';

export const CHANGE_CHANNEL = 'switchyard_changes';

export interface ChangeListenerOptions {
  readonly url: string;
  /** Called after each notification, after every (re)connect, and every `safetyIntervalMs`. */
  readonly onChange: () => void;
  /** Told once when the connection is lost or cannot be made, and again only after one connected since. */
  readonly onError?: (error: unknown) => void;
  readonly safetyIntervalMs?: number;
}

export interface ChangeListener {
  /** Resolves once the first LISTEN connection is up (or failed, and retrying began). */
  readonly ready: Promise<void>;
  /** Whether the LISTEN connection is up now. */
  connected(): boolean;
  close(): Promise<void>;
}

export function listenForChanges(options: ChangeListenerOptions): ChangeListener {
  let client: pg.Client | undefined;
  let up = false;
  let closed = false;
  let retryMs = 100;
  let retry: NodeJS.Timeout | undefined;
  // Retries every few seconds through an outage; its log gets the first failure, not each retry.
  let reported = false;
  const failed = (error: unknown) => {
    if (closed || reported) return;
    reported = true;
    options.onError?.(error);
  };
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const connect = async () => {
    const next = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: 5000 });
    client = next;
    next.on('notification', () => options.onChange());
    // A replaced client still reports its own death ('error', then 'end'); only the current one
    // may start a reconnect, or the one that replaced it would be dropped still listening.
    next.on('error', (error) => {
      if (client !== next) return;
      failed(error);
      reconnect();
    });
    next.on('end', () => {
      if (client === next) reconnect();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANGE_CHANNEL}`);
      // Closed, or lost and replaced, while connecting.
      if (client !== next) {
        await next.end().catch(() => {});
        return;
      }
      up = true;
      reported = false;
      retryMs = 100;
      // Whatever was committed while we were not listening is read now.
      options.onChange();
    } catch (error) {
      const current = client === next;
      if (current) failed(error);
      await next.end().catch(() => {});
      if (current) reconnect();
    } finally {
      markReady();
    }
  };

  const reconnect = () => {
    up = false;
    client = undefined;
    if (closed || retry !== undefined) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, 5000);
  };

  const safety = setInterval(() => options.onChange(), options.safetyIntervalMs ?? 10_000);
  safety.unref();
  void connect();

  return {
    ready,
    connected: () => up,
    async close() {
      closed = true;
      clearInterval(safety);
      if (retry !== undefined) clearTimeout(retry);
      const current = client;
      client = undefined;
      up = false;
      await current?.end().catch(() => {});
    },
  };
}
