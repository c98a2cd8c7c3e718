/**
 * The durable local spool: one SQLite row per batch, WAL with `synchronous=FULL`, so
 * an append that resolved survives a crash of the process or the machine. Appends
 * that arrive in the same tick share one transaction (group commit), so the fsync
 * is paid once for all of them. Byte caps keep it bounded; past a cap it sheds.
 */
import type Database from 'better-sqlite3';
import type { SpoolEntry } from '../events/event-post.js';
import { type PipelineStatus, ShedError } from '../ports.js';
import { ThreadHost } from '../threads/thread-host.js';
import { workerEntry } from '../threads/worker-entry.js';
import { openSpoolDatabase, type SpoolRowInput, type SpoolWrites, spoolWrites } from './spool-database.js';

export interface EventSpoolOptions {
  readonly file: string;
  /** The most payload bytes the spool holds, all accounts together. */
  readonly maxBytes: number;
  /** The fraction of `maxBytes` one account may hold (0 < share ≤ 1). */
  readonly accountShare: number;
  /** Sent with a shed; defaults to 5 s (spool full) and 10 s (the account's share). */
  readonly retryAfterSeconds?: { readonly spoolFull: number; readonly accountShare: number };
  /**
   * Commit appends and deletes on a thread of its own (spool-writer-main.ts), so their
   * fsyncs never hold the event loop; reads stay here. Should the thread die, this
   * connection takes over the writes.
   */
  readonly writerThread?: boolean;
  /** The writer thread's module (tests swap in one that dies). */
  readonly writerEntry?: URL;
}

/** What the writer thread is asked to do. */
export type WriterCall =
  | { readonly op: 'insert'; readonly rows: readonly SpoolRowInput[] }
  | { readonly op: 'delete'; readonly seqs: readonly number[] }
  | { readonly op: 'close' };

const WRITER_ENTRY = workerEntry(import.meta.url, 'spool-writer-main');

/** A batch as read back from the spool, oldest first by `seq`. */
export interface SpooledBatch {
  readonly seq: number;
  readonly payloadId: string;
  readonly accountKey: string;
  readonly bytes: number;
  readonly receivedAt: number;
  readonly body: Buffer;
}

export interface SpoolStats {
  /** Committed rows. */
  readonly batches: number;
  /** Bytes of committed rows plus appends waiting for their commit. */
  readonly bytes: number;
  /** Appends waiting for their group commit. */
  readonly pending: number;
  /** Group commits since open (each one transaction and one fsync). */
  readonly commits: number;
}

interface PendingAppend {
  readonly entry: SpoolEntry;
  readonly body: Buffer;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

interface Row {
  seq: number;
  payload_id: string;
  account: string;
  bytes: number;
  received_at: number;
  body: Buffer;
}

export class EventSpool {
  private readonly db: Database.Database;
  private readonly selectOldest: Database.Statement;
  private readonly selectOldestReceivedAt: Database.Statement;
  private readonly writes: SpoolWrites;
  private readonly accountCap: number;
  private readonly retryAfter: { readonly spoolFull: number; readonly accountShare: number };
  /** Reserved bytes per account: committed rows and pending appends. */
  private readonly accountBytes = new Map<string, number>();
  private totalBytes = 0;
  private committedBatches = 0;
  private commits = 0;
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  /** Stays undefined without a writer thread; once its thread has exited, this connection writes. */
  private readonly writer: ThreadHost<WriterCall, void> | undefined;
  /** The writer thread's group commit under way, if any; appends gather meanwhile. */
  private committing: Promise<void> | undefined;
  private committingCount = 0;
  private closed = false;
  private readonly appendListeners: (() => void)[] = [];

  constructor(private readonly options: EventSpoolOptions) {
    if (!(options.maxBytes > 0)) throw new RangeError('spool maxBytes must be positive');
    if (!(options.accountShare > 0 && options.accountShare <= 1))
      throw new RangeError('spool accountShare must be in (0, 1]');
    this.accountCap = Math.floor(options.maxBytes * options.accountShare);
    this.retryAfter = options.retryAfterSeconds ?? { spoolFull: 5, accountShare: 10 };
    this.db = openSpoolDatabase(options.file);
    this.writes = spoolWrites(this.db);
    this.selectOldest = this.db.prepare(
      'SELECT seq, payload_id, account, bytes, received_at, body FROM spool ORDER BY seq LIMIT ?',
    );
    this.selectOldestReceivedAt = this.db
      .prepare('SELECT received_at FROM spool ORDER BY seq LIMIT 1')
      .pluck();
    const totals = this.db
      .prepare('SELECT account, COUNT(*) AS n, SUM(bytes) AS b FROM spool GROUP BY account')
      .all() as { account: string; n: number; b: number }[];
    for (const { account, n, b } of totals) {
      this.accountBytes.set(account, b);
      this.totalBytes += b;
      this.committedBatches += n;
    }
    if (options.writerThread) {
      this.writer = new ThreadHost({
        name: 'the spool writer thread',
        entry: options.writerEntry ?? WRITER_ENTRY,
        workerData: { file: options.file },
        // This connection takes the writes over: the thread is not started again.
        respawnMs: false,
        // Idle, the thread does not keep the process alive; with a call outstanding it does.
        unrefWhenIdle: true,
      });
      this.writer.start();
    }
  }

  /**
   * Resolves once `body` is committed to disk. Rejects with ShedError when the spool
   * or the account's share of it is full, without touching the disk.
   */
  append(entry: SpoolEntry, body: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the event spool is closed'));
    const bytes = body.length;
    const held = this.accountBytes.get(entry.accountKey) ?? 0;
    if (held + bytes > this.accountCap)
      return Promise.reject(new ShedError('account-share', this.retryAfter.accountShare));
    if (this.totalBytes + bytes > this.options.maxBytes)
      return Promise.reject(new ShedError('spool-full', this.retryAfter.spoolFull));
    // Reserve now, so appends waiting for the same commit cannot overshoot the caps together.
    this.reserve(entry.accountKey, bytes);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ entry, body, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Up to `limit` rows, oldest first, stopping once `maxBytes` is reached (at least one row). */
  readOldest(limit: number, maxBytes = Number.POSITIVE_INFINITY): SpooledBatch[] {
    if (this.closed) return [];
    const rows = this.selectOldest.all(limit) as Row[];
    const out: SpooledBatch[] = [];
    let bytes = 0;
    for (const row of rows) {
      if (out.length > 0 && bytes + row.bytes > maxBytes) break;
      bytes += row.bytes;
      out.push({
        seq: row.seq,
        payloadId: row.payload_id,
        accountKey: row.account,
        bytes: row.bytes,
        receivedAt: row.received_at,
        body: row.body,
      });
    }
    return out;
  }

  /** Depth and the oldest batch's wait, for health and metrics (one indexed read when not empty). */
  status(now: number): PipelineStatus['spool'] {
    const batches = this.committedBatches;
    const oldest =
      this.closed || batches === 0 ? undefined : (this.selectOldestReceivedAt.get() as number | undefined);
    return {
      batches,
      bytes: this.totalBytes,
      ...(oldest === undefined ? {} : { oldestAgeMs: Math.max(0, now - oldest) }),
    };
  }

  /** Deletes rows that were handed on (applied or confirmed by the broker), in one transaction. */
  async delete(rows: readonly SpooledBatch[]): Promise<void> {
    if (rows.length === 0 || this.closed) return;
    const seqs = rows.map((row) => row.seq);
    if (this.writer?.up) await this.writer.call({ op: 'delete', seqs });
    else this.writes.remove(seqs);
    for (const row of rows) this.reserve(row.accountKey, -row.bytes);
    this.committedBatches -= rows.length;
  }

  stats(): SpoolStats {
    return {
      batches: this.committedBatches,
      bytes: this.totalBytes,
      pending: this.pending.length + this.committingCount,
      commits: this.commits,
    };
  }

  /** Called after each group commit: a drainer waits on it instead of polling. */
  onAppend(listener: () => void): void {
    this.appendListeners.push(listener);
  }

  /** Commits what is pending, then closes the database (without a writer thread, at once). */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.writer?.up) {
      while (this.committing !== undefined || this.pending.length > 0) {
        this.flush();
        await this.committing;
      }
    } else this.flush();
    this.closed = true;
    if (this.writer !== undefined) {
      await this.writer.call({ op: 'close' }).catch(() => {});
      await this.writer.close(0);
    }
    this.db.close();
  }

  private flush(): void {
    this.flushScheduled = false;
    // A commit under way on the writer thread: what gathers meanwhile goes in the next.
    if (this.committing !== undefined) return;
    const items = this.pending;
    if (items.length === 0) return;
    this.pending = [];
    const rows = items.map(({ entry, body }) => ({ ...entry, bytes: body.length, body }));
    if (!this.writer?.up) {
      try {
        this.writes.insert(rows);
      } catch (err) {
        this.failed(items, err);
        return;
      }
      this.committed(items);
      return;
    }
    this.committingCount = items.length;
    this.committing = this.writer.call({ op: 'insert', rows }).then(
      () => this.committed(items),
      (err: unknown) => this.failed(items, err),
    );
    void this.committing.finally(() => {
      this.committing = undefined;
      this.committingCount = 0;
      if (this.pending.length > 0 && !this.closed) this.flush();
    });
  }

  private committed(items: readonly PendingAppend[]): void {
    this.committedBatches += items.length;
    this.commits += 1;
    for (const item of items) item.resolve();
    for (const listener of this.appendListeners) listener();
  }

  private failed(items: readonly PendingAppend[], err: unknown): void {
    // A full disk is a full spool to the SDK (503, retry later), not a server fault.
    const full = (err as { code?: unknown }).code === 'SQLITE_FULL';
    for (const item of items) {
      this.reserve(item.entry.accountKey, -item.body.length);
      item.reject(full ? new ShedError('spool-full', this.retryAfter.spoolFull) : err);
    }
  }

  private reserve(account: string, bytes: number): void {
    const next = (this.accountBytes.get(account) ?? 0) + bytes;
    if (next <= 0) this.accountBytes.delete(account);
    else this.accountBytes.set(account, next);
    this.totalBytes += bytes;
  }
}
