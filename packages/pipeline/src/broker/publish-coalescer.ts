/**
 * Gathers posts into one message per shard (a group commit, as the spool does for its
 * appends). While no publish is waiting for its confirm, a post waits only for the end
 * of its turn of the event loop; while some are, it waits up to `lingerMs` for others,
 * as Nagle's algorithm does. Under load one publish and one broker confirm then carry
 * many posts, which is what the broker's CPU and ours is spent on. Each post keeps its
 * own payload ID inside the message, so consumers still dedupe post by post.
 */
import { encodeMessage } from '../events/event-batch.js';

export interface PublishCoalescerOptions {
  readonly shardOf: (accountKey: string) => number;
  /** Publishes one message; true once the broker confirmed it (see AmqpPublisher.publish). */
  readonly send: (shard: number, body: Buffer, messageId: string) => Promise<boolean>;
  /** Posts per message. */
  readonly maxPosts: number;
  /** Encoded bytes per message (at least one post). */
  readonly maxBytes: number;
  /** How long a post may wait for others while the broker is busy. */
  readonly lingerMs: number;
  /** Whether publishes are waiting for their confirm. */
  readonly busy: () => boolean;
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
      if (this.options.busy()) setTimeout(() => this.flushAll(), this.options.lingerMs);
      else setImmediate(() => this.flushAll());
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
