/**
 * The durable local spool: one SQLite row per batch, WAL with `synchronous=FULL`, so
 * an append that resolved survives a crash of the process or the machine. Appends
 * that arrive in the same tick share one transaction (group commit), so the fsync
 * is paid once for all of them. Byte caps keep it bounded; past a cap it sheds.
 */
import type Database from 'better-sqlite3';
import type { SpoolEntry } from '../events/event-post.js';
import type { PipelineStatus } from '../ports.js';
import type { ThreadHost } from '../threads/thread-host.js';
import { SpoolBudget } from './spool-budget.js';
import { openSpoolDatabase, type SpoolWrites, spoolWrites } from './spool-database.js';
import { type SpooledBatch, type SpoolReads, spoolReads } from './spool-reads.js';
import { startSpoolWriter, type WriterCall } from './spool-writer.js';

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

export class EventSpool {
  private readonly db: Database.Database;
  private readonly reads: SpoolReads;
  private readonly writes: SpoolWrites;
  /** Reserved bytes per account: committed rows and pending appends. */
  private readonly budget: SpoolBudget;
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

  constructor(options: EventSpoolOptions) {
    this.budget = new SpoolBudget({
      maxBytes: options.maxBytes,
      accountShare: options.accountShare,
      retryAfter: options.retryAfterSeconds ?? { spoolFull: 5, accountShare: 10 },
    });
    this.db = openSpoolDatabase(options.file);
    this.writes = spoolWrites(this.db);
    this.reads = spoolReads(this.db);
    for (const { account, n, b } of this.reads.totals()) {
      this.budget.reserve(account, b);
      this.committedBatches += n;
    }
    if (options.writerThread) this.writer = startSpoolWriter(options.file, options.writerEntry);
  }

  /**
   * Resolves once `body` is committed to disk. Rejects with ShedError when the spool
   * or the account's share of it is full, without touching the disk.
   */
  append(entry: SpoolEntry, body: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the event spool is closed'));
    const shed = this.budget.take(entry.accountKey, body.length);
    if (shed !== undefined) return Promise.reject(shed);
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
    return this.reads.oldest(limit, maxBytes);
  }

  /** Depth and the oldest batch's wait, for health and metrics (one indexed read when not empty). */
  status(now: number): PipelineStatus['spool'] {
    const batches = this.committedBatches;
    const oldest = this.closed || batches === 0 ? undefined : this.reads.oldestReceivedAt();
    return {
      batches,
      bytes: this.budget.bytes,
      ...(oldest === undefined ? {} : { oldestAgeMs: Math.max(0, now - oldest) }),
    };
  }

  /** Deletes rows that were handed on (applied or confirmed by the broker), in one transaction. */
  async delete(rows: readonly SpooledBatch[]): Promise<void> {
    if (rows.length === 0 || this.closed) return;
    const seqs = rows.map((row) => row.seq);
    if (this.writer?.up) await this.writer.call({ op: 'delete', seqs });
    else this.writes.remove(seqs);
    for (const row of rows) this.budget.reserve(row.accountKey, -row.bytes);
    this.committedBatches -= rows.length;
  }

  stats(): SpoolStats {
    return {
      batches: this.committedBatches,
      bytes: this.budget.bytes,
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
      this.budget.reserve(item.entry.accountKey, -item.body.length);
      item.reject(full ? this.budget.full() : err);
    }
  }
}
