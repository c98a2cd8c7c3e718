/** The spool's reads, all on the event loop's connection. */
import type Database from 'better-sqlite3';

/** A batch as read back from the spool, oldest first by `seq`. */
export interface SpooledBatch {
  readonly seq: number;
  readonly payloadId: string;
  readonly accountKey: string;
  readonly bytes: number;
  readonly receivedAt: number;
  readonly body: Buffer;
}

export interface SpoolReads {
  /** Up to `limit` rows, oldest first, stopping once `maxBytes` is reached (at least one row). */
  oldest(limit: number, maxBytes: number): SpooledBatch[];
  /** The oldest row's `receivedAt`; undefined when the spool is empty. */
  oldestReceivedAt(): number | undefined;
  /** Rows and bytes per account, as the file holds them. */
  totals(): { account: string; n: number; b: number }[];
}

interface Row {
  seq: number;
  payload_id: string;
  account: string;
  bytes: number;
  received_at: number;
  body: Buffer;
}

export function spoolReads(db: Database.Database): SpoolReads {
  const selectOldest = db.prepare(
    'SELECT seq, payload_id, account, bytes, received_at, body FROM spool ORDER BY seq LIMIT ?',
  );
  const selectOldestReceivedAt = db.prepare('SELECT received_at FROM spool ORDER BY seq LIMIT 1').pluck();
  const selectTotals = db.prepare(
    'SELECT account, COUNT(*) AS n, SUM(bytes) AS b FROM spool GROUP BY account',
  );
  return {
    oldest(limit, maxBytes) {
      const rows = selectOldest.all(limit) as Row[];
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
    },
    oldestReceivedAt: () => selectOldestReceivedAt.get() as number | undefined,
    totals: () => selectTotals.all() as { account: string; n: number; b: number }[],
  };
}
