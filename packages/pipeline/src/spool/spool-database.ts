/**
 * The spool's SQLite file as both of its connections open it (the event loop's, and the
 * writer thread's): the same schema, the same durability, the same write statements.
 */
import Database from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS spool (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  payload_id TEXT NOT NULL,
  account TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  body BLOB NOT NULL
)`;

/** A row to insert. */
export interface SpoolRowInput {
  readonly payloadId: string;
  readonly accountKey: string;
  readonly receivedAt: number;
  readonly bytes: number;
  readonly body: Buffer;
}

export function openSpoolDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: a commit is on disk (WAL fsynced) before the append resolves and the 202 goes out.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  // Keep the WAL from staying large after a backlog has drained.
  db.pragma('journal_size_limit = 67108864');
  db.exec(SCHEMA);
  return db;
}

/** The spool's writes, each one transaction (one fsync). */
export interface SpoolWrites {
  insert(rows: readonly SpoolRowInput[]): void;
  remove(seqs: readonly number[]): void;
}

export function spoolWrites(db: Database.Database): SpoolWrites {
  const insert = db.prepare(
    'INSERT INTO spool (payload_id, account, bytes, received_at, body) VALUES (?, ?, ?, ?, ?)',
  );
  const remove = db.prepare('DELETE FROM spool WHERE seq = ?');
  return {
    insert: db.transaction((rows: readonly SpoolRowInput[]) => {
      for (const row of rows) insert.run(row.payloadId, row.accountKey, row.bytes, row.receivedAt, row.body);
    }),
    remove: db.transaction((seqs: readonly number[]) => {
      for (const seq of seqs) remove.run(seq);
    }),
  };
}
