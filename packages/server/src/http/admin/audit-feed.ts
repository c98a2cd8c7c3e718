/**
 * The live admin change feed: one server-sent event per committed audit entry of a
 * project, to every dashboard watching it on this node. It is told to look after each
 * local commit and after each change notification from another node (the same hooks
 * SDK delivery uses), and reads the audit log past the last entry it saw. On PostgreSQL
 * ids are handed out before commit, so a slow transaction can commit a lower id after
 * a higher one was read: each read looks back a few ids and skips those already sent.
 */
import type { ServerResponse } from 'node:http';
import type { AuditEntry, StoreReads } from '@switchyard/control-plane';
import { ApiError } from '../../errors.js';

export interface AuditFeedOptions {
  readonly store: Pick<StoreReads, 'auditSince' | 'listAudit'>;
  /** Feeds this node holds at most. */
  readonly maxFeeds: number;
  /** Feeds one token or user may hold at most. */
  readonly maxFeedsPerPrincipal: number;
  readonly heartbeatMs: number;
  readonly onError: (error: unknown) => void;
}

interface Feed {
  readonly projectKey: string;
  readonly principal: string;
  readonly response: ServerResponse;
}

const LOOKBACK = 100;
const BATCH = 500;

/** The event a dashboard receives for one audit entry. */
function eventOf(entry: AuditEntry): string {
  const after = entry.after as { version?: unknown } | null;
  const before = entry.before as { version?: unknown } | null;
  const version = after?.version ?? before?.version ?? null;
  const data = {
    id: entry.id,
    at: entry.at,
    action: entry.action,
    resourceKind: entry.resourceKind,
    key: entry.resourceKey,
    environmentKey: entry.environmentKey,
    actor: entry.actor,
    version: typeof version === 'number' ? version : null,
    comment: entry.comment,
  };
  return `id: ${entry.id}\nevent: change\ndata: ${JSON.stringify(data)}\n\n`;
}

export class AuditFeed {
  private readonly feeds = new Set<Feed>();
  /** Highest id sent, and the ids sent within LOOKBACK of it. */
  private lastId: number | undefined;
  /** The newest entry when the first feed opened: nothing at or below it is sent. */
  private baseline = 0;
  private readonly sent = new Set<number>();
  private reading: Promise<void> | undefined;
  private again = false;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly options: AuditFeedOptions) {
    this.heartbeat = setInterval(() => {
      for (const feed of this.feeds) feed.response.write(': heartbeat\n\n');
    }, options.heartbeatMs);
    this.heartbeat.unref();
  }

  /** TOO_MANY_FEEDS when this node or this principal holds its limit. */
  refuseIfFull(principal: string): void {
    const { maxFeeds, maxFeedsPerPrincipal } = this.options;
    const mine = [...this.feeds].filter((f) => f.principal === principal).length;
    if (this.feeds.size >= maxFeeds || mine >= maxFeedsPerPrincipal) {
      const which =
        mine >= maxFeedsPerPrincipal ? `you have ${mine} open` : 'this server has its maximum open';
      throw new ApiError(
        'TOO_MANY_FEEDS',
        `Too many change feeds (${which}); close one and retry`,
        undefined,
        {
          'retry-after': '10',
        },
      );
    }
  }

  /** Call before `open`: when nobody was watching nothing was read, so the feed starts from the newest entry. */
  async prepare(): Promise<void> {
    if (this.feeds.size > 0 || this.lastId !== undefined) return;
    const [newest] = await this.options.store.listAudit({ limit: 1 });
    this.lastId ??= newest?.id ?? 0;
    this.baseline = this.lastId;
    this.sent.clear();
  }

  /** Starts sending `projectKey`'s changes on `response` (already hijacked from Fastify). */
  open(projectKey: string, principal: string, response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.write(': watching\n\n');
    const feed: Feed = { projectKey, principal, response };
    this.feeds.add(feed);
    response.on('close', () => {
      this.feeds.delete(feed);
      // With nobody watching nothing is read; the next feed starts afresh from the newest entry.
      if (this.feeds.size === 0) this.lastId = undefined;
    });
  }

  count(): number {
    return this.feeds.size;
  }

  /** Something was committed (here or on another node): send what is new. Never rejects. */
  poke(): Promise<void> {
    if (this.feeds.size === 0) return Promise.resolve();
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = this.readNew()
      .catch((error: unknown) => this.options.onError(error))
      .finally(() => {
        this.reading = undefined;
        if (this.again) {
          this.again = false;
          void this.poke();
        }
      });
    return this.reading;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const feed of this.feeds) feed.response.end();
    this.feeds.clear();
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const from = Math.max(0, (this.lastId ?? 0) - LOOKBACK);
      const read = await this.options.store.auditSince(from, BATCH);
      for (const entry of read) if (entry.id > this.baseline && !this.sent.has(entry.id)) this.send(entry);
      // A full batch may have more behind it; each full batch moves past at least BATCH − LOOKBACK ids.
      if (read.length < BATCH) return;
    }
  }

  private send(entry: AuditEntry): void {
    this.sent.add(entry.id);
    this.lastId = Math.max(this.lastId ?? 0, entry.id);
    for (const id of this.sent) if (id < this.lastId - LOOKBACK) this.sent.delete(id);
    if (entry.projectKey === null) return;
    const event = eventOf(entry);
    for (const feed of this.feeds) if (feed.projectKey === entry.projectKey) feed.response.write(event);
  }
}
