/**
 * Gathers the posts accepted in one turn of the event loop into one message per shard
 * (a group commit, as the spool does for its appends): under load one publish and one
 * broker confirm carry many posts, and a lone post waits no longer than the rest of
 * its turn. Each post keeps its own payload ID inside the message, so consumers still
 * dedupe post by post.
 */
import { encodeMessage } from './event-batch.js';

export interface PublishCoalescerOptions {
  readonly shardOf: (accountKey: string) => number;
  /** Publishes one message; true once the broker confirmed it (see AmqpPublisher.publish). */
  readonly send: (shard: number, body: Buffer, messageId: string) => Promise<boolean>;
  /** Posts per message. */
  readonly maxPosts: number;
  /** Encoded bytes per message (at least one post). */
  readonly maxBytes: number;
}

interface Waiting {
  readonly payloadId: string;
  readonly json: string;
  readonly settle: (confirmed: boolean) => void;
}

interface Group {
  readonly posts: Waiting[];
  bytes: number;
}

export class PublishCoalescer {
  private readonly groups = new Map<number, Group>();
  private scheduled = false;

  constructor(private readonly options: PublishCoalescerOptions) {}

  /** Posts waiting for the end of the turn. */
  get pending(): number {
    let count = 0;
    for (const group of this.groups.values()) count += group.posts.length;
    return count;
  }

  /** Resolves true once the message holding the post was confirmed, false when it should be spooled. */
  add(accountKey: string, payloadId: string, json: string): Promise<boolean> {
    const shard = this.options.shardOf(accountKey);
    let group = this.groups.get(shard);
    if (group !== undefined && group.bytes + json.length > this.options.maxBytes) {
      this.flush(shard);
      group = undefined;
    }
    if (group === undefined) {
      group = { posts: [], bytes: 0 };
      this.groups.set(shard, group);
    }
    const promise = new Promise<boolean>((settle) => group.posts.push({ payloadId, json, settle }));
    group.bytes += json.length;
    if (group.posts.length >= this.options.maxPosts) this.flush(shard);
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flushAll());
    }
    return promise;
  }

  /** Publishes every group now (end of the turn, or shutdown). */
  flushAll(): void {
    this.scheduled = false;
    for (const shard of [...this.groups.keys()]) this.flush(shard);
  }

  private flush(shard: number): void {
    const group = this.groups.get(shard);
    if (group === undefined) return;
    this.groups.delete(shard);
    const { posts } = group;
    const first = posts[0];
    if (first === undefined) return;
    // A lone post keeps its payload ID as the message ID, as before coalescing.
    const messageId = posts.length === 1 ? first.payloadId : `${first.payloadId}+${posts.length - 1}`;
    const body = encodeMessage(posts.map((p) => p.json));
    void this.options.send(shard, body, messageId).then(
      (confirmed) => {
        for (const post of posts) post.settle(confirmed);
      },
      () => {
        for (const post of posts) post.settle(false);
      },
    );
  }
}
