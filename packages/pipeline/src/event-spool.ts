/**
 * The durable local spool: one SQLite row per batch, WAL with `synchronous=FULL`, so
 * an append that resolved survives a crash of the process or the machine. Appends
 * that arrive in the same tick share one transaction (group commit), so the fsync
 * is paid once for all of them. Byte caps keep it bounded; past a cap it sheds.
 */
import Database from 'better-sqlite3';
import { ShedError } from './ports.js';

export interface EventSpoolOptions {
  readonly file: string;
  /** The most payload bytes the spool holds, all accounts together. */
  readonly maxBytes: number;
  /** The fraction of `maxBytes` one account may hold (0 < share ≤ 1). */
  readonly accountShare: number;
  /** Sent with a shed; defaults to 5 s (spool full) and 10 s (the account's share). */
  readonly retryAfterSeconds?: { readonly spoolFull: number; readonly accountShare: number };
}

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

/** What a row is filed under; the body holds the rest. */
export interface SpoolEntry {
  readonly payloadId: string;
  readonly accountKey: string;
  readonly receivedAt: number;
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

const SCHEMA = `
CREATE TABLE IF NOT EXISTS spool (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  payload_id TEXT NOT NULL,
  account TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  body BLOB NOT NULL
)`;

export class EventSpool {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly selectOldest: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly commitPending: (items: readonly PendingAppend[]) => void;
  private readonly removeAll: (rows: readonly SpooledBatch[]) => void;
  private readonly accountCap: number;
  private readonly retryAfter: { readonly spoolFull: number; readonly accountShare: number };
  /** Reserved bytes per account: committed rows and pending appends. */
  private readonly accountBytes = new Map<string, number>();
  private totalBytes = 0;
  private committedBatches = 0;
  private commits = 0;
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly appendListeners: (() => void)[] = [];

  constructor(private readonly options: EventSpoolOptions) {
    if (!(options.maxBytes > 0)) throw new RangeError('spool maxBytes must be positive');
    if (!(options.accountShare > 0 && options.accountShare <= 1))
      throw new RangeError('spool accountShare must be in (0, 1]');
    this.accountCap = Math.floor(options.maxBytes * options.accountShare);
    this.retryAfter = options.retryAfterSeconds ?? { spoolFull: 5, accountShare: 10 };
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    // FULL: a commit is on disk (WAL fsynced) before the append resolves and the 202 goes out.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    // Keep the WAL from staying large after a backlog has drained.
    this.db.pragma('journal_size_limit = 67108864');
    this.db.exec(SCHEMA);
    this.insert = this.db.prepare(
      'INSERT INTO spool (payload_id, account, bytes, received_at, body) VALUES (?, ?, ?, ?, ?)',
    );
    this.selectOldest = this.db.prepare(
      'SELECT seq, payload_id, account, bytes, received_at, body FROM spool ORDER BY seq LIMIT ?',
    );
    this.remove = this.db.prepare('DELETE FROM spool WHERE seq = ?');
    this.commitPending = this.db.transaction((items: readonly PendingAppend[]) => {
      for (const { entry, body } of items)
        this.insert.run(entry.payloadId, entry.accountKey, body.length, entry.receivedAt, body);
    });
    this.removeAll = this.db.transaction((rows: readonly SpooledBatch[]) => {
      for (const row of rows) this.remove.run(row.seq);
    });
    const totals = this.db
      .prepare('SELECT account, COUNT(*) AS n, SUM(bytes) AS b FROM spool GROUP BY account')
      .all() as { account: string; n: number; b: number }[];
    for (const { account, n, b } of totals) {
      this.accountBytes.set(account, b);
      this.totalBytes += b;
      this.committedBatches += n;
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

  /** Deletes rows that were handed on (applied or confirmed by the broker), in one transaction. */
  delete(rows: readonly SpooledBatch[]): void {
    if (rows.length === 0 || this.closed) return;
    this.removeAll(rows);
    for (const row of rows) this.reserve(row.accountKey, -row.bytes);
    this.committedBatches -= rows.length;
  }

  stats(): SpoolStats {
    return {
      batches: this.committedBatches,
      bytes: this.totalBytes,
      pending: this.pending.length,
      commits: this.commits,
    };
  }

  /** Called after each group commit: a drainer waits on it instead of polling. */
  onAppend(listener: () => void): void {
    this.appendListeners.push(listener);
  }

  /** Commits what is pending, then closes the database. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.db.close();
  }

  private flush(): void {
    this.flushScheduled = false;
    const items = this.pending;
    if (items.length === 0) return;
    this.pending = [];
    try {
      this.commitPending(items);
    } catch (err) {
      // A full disk is a full spool to the SDK (503, retry later), not a server fault.
      const full = (err as { code?: unknown }).code === 'SQLITE_FULL';
      for (const item of items) {
        this.reserve(item.entry.accountKey, -item.body.length);
        item.reject(full ? new ShedError('spool-full', this.retryAfter.spoolFull) : err);
      }
      return;
    }
    this.committedBatches += items.length;
    this.commits += 1;
    for (const item of items) item.resolve();
    for (const listener of this.appendListeners) listener();
  }

  private reserve(account: string, bytes: number): void {
    const next = (this.accountBytes.get(account) ?? 0) + bytes;
    if (next <= 0) this.accountBytes.delete(account);
    else this.accountBytes.set(account, next);
    this.totalBytes += bytes;
  }
}
