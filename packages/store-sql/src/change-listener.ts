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
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const connect = async () => {
    const next = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: 5000 });
    client = next;
    next.on('notification', () => options.onChange());
    next.on('error', (error) => {
      options.onError?.(error);
      reconnect();
    });
    next.on('end', () => reconnect());
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANGE_CHANNEL}`);
      if (closed) {
        await next.end().catch(() => {});
        return;
      }
      up = true;
      retryMs = 100;
      // Whatever was committed while we were not listening is read now.
      options.onChange();
    } catch (error) {
      if (!closed) options.onError?.(error);
      await next.end().catch(() => {});
      reconnect();
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
