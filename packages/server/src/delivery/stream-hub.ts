/**
 * Server-side SDK streams (`GET /all`): every connection of an environment receives
 * the same bytes. A change is serialized once, whatever the number of streams, and
 * a client that cannot keep up is dropped (it reconnects and gets a fresh `put`)
 * rather than holding memory or delaying the others.
 */
import type { ServerResponse } from 'node:http';
import type { Change } from '@switchyard/control-plane';
import { ApiError } from '../errors.js';
import type { EnvironmentData, EnvironmentSnapshots } from './environment-snapshots.js';

/** Proof of arrival for one change: how many streams it was written to, and how fast. */
export interface DeliveryRecord {
  /** The highest item version the change carried. */
  readonly version: number;
  readonly items: readonly string[];
  readonly committedAt: string;
  readonly writtenAt: string;
  /** Streams connected when the change was written. */
  readonly streams: number;
  readonly written: number;
  /** Dropped as too slow instead of written; they reconnect and get a fresh put. */
  readonly dropped: number;
  /** Milliseconds from the write's commit to the bytes handed to each stream's socket. */
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
}

const DELIVERIES_KEPT = 50;

function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export interface StreamHubOptions {
  /** Streams one environment may hold; more get 503 with Retry-After. */
  readonly maxStreamsPerEnvironment: number;
  /** Streams the whole process may hold. */
  readonly maxStreams: number;
  /** How often an idle stream gets a comment, so proxies and the SDK's 5-minute read timeout stay calm. */
  readonly heartbeatMs: number;
  /**
   * Bytes a connection may have queued, beyond its initial `put`, before it is dropped
   * as too slow. It is checked at each write (a change or a heartbeat), so a stuck
   * stream holds at most this, its `put` and one more message.
   */
  readonly maxQueuedBytes: number;
  /** Told of every change delivered to this node's streams (for metrics). */
  readonly onDelivery?: (record: DeliveryRecord) => void;
}

interface Put {
  readonly text: string;
  readonly bytes: number;
}

const putMessages = new WeakMap<EnvironmentData, Put>();
/** How many `put` payloads were serialized: once per data version, however many streams connect. */
let putSerializations = 0;

export function putSerializationCount(): number {
  return putSerializations;
}

/** The `put` event for one version of an environment's data, serialized once. */
function putMessage(data: EnvironmentData): Put {
  let put = putMessages.get(data);
  if (put === undefined) {
    const text = `event: put\ndata: ${JSON.stringify({ path: '/', data: { flags: data.flags, segments: data.segments } })}\n\n`;
    put = { text, bytes: Buffer.byteLength(text) };
    putSerializations++;
    putMessages.set(data, put);
  }
  return put;
}

function changeMessage(data: EnvironmentData, change: Change): string {
  const collection = change.kind === 'flag' ? 'flags' : 'segments';
  const item = change.kind === 'flag' ? data.flags[change.key] : data.segments[change.key];
  const path = `/${collection}/${change.key}`;
  // A deleted or archived item is a tombstone; its version is higher than any it had.
  if (change.deleted || item === undefined) {
    return `event: delete\ndata: ${JSON.stringify({ path, version: change.version })}\n\n`;
  }
  return `event: patch\ndata: ${JSON.stringify({ path, data: item })}\n\n`;
}

/** Which SDKs a stream serves: server-side, browser (client-side ID) or mobile (mobile key). */
export type StreamKind = 'server' | 'client' | 'mobile';

export class StreamHub {
  private readonly openByKind: Record<StreamKind, number> = { server: 0, client: 0, mobile: 0 };
  private readonly openedByKind: Record<StreamKind, number> = { server: 0, client: 0, mobile: 0 };
  private readonly streams = new Map<string, Set<ServerResponse>>();
  /** Client-side streams: they get a `ping` on any change and re-fetch their own evaluations. */
  private readonly pingStreams = new Map<string, Set<ServerResponse>>();
  private readonly deliveries = new Map<string, DeliveryRecord[]>();
  /**
   * Each stream's initial payload in bytes. A client still reading a large environment
   * over a slow link is not too slow: without this allowance, any change made while its
   * `put` is queued would drop it, and it would reconnect into the same trap.
   */
  private readonly putBytes = new WeakMap<ServerResponse, number>();
  private total = 0;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(
    snapshots: Pick<EnvironmentSnapshots, 'onChange'>,
    private readonly options: StreamHubOptions,
  ) {
    this.unsubscribe = snapshots.onChange((data, changes) => this.broadcast(data, changes));
    this.heartbeat = setInterval(() => this.broadcastAll(':\n\n'), options.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Streams open now, per environment id. */
  count(envId: string): number {
    return (this.streams.get(envId)?.size ?? 0) + (this.pingStreams.get(envId)?.size ?? 0);
  }

  /** The most recent deliveries of an environment's changes, newest first. */
  recentDeliveries(envId: string): readonly DeliveryRecord[] {
    return [...(this.deliveries.get(envId) ?? [])].reverse();
  }

  /** Streams open now, in all environments. */
  totalCount(): number {
    return this.total;
  }

  /** Streams open now, by kind. */
  countByKind(): Readonly<Record<StreamKind, number>> {
    return { ...this.openByKind };
  }

  /** Streams opened since start, by kind. */
  openedSinceStart(): Readonly<Record<StreamKind, number>> {
    return { ...this.openedByKind };
  }

  /** Whether one more stream fits within the limits. */
  hasRoom(envId: string): boolean {
    return this.total < this.options.maxStreams && this.count(envId) < this.options.maxStreamsPerEnvironment;
  }

  /** A server-side SDK stream: the whole environment, then every change. */
  open(data: EnvironmentData, response: ServerResponse, headers: Record<string, string> = {}): void {
    const put = putMessage(data);
    this.attach(this.streams, 'server', data.id, response, headers);
    this.putBytes.set(response, put.bytes);
    this.write(response, put.text);
  }

  /**
   * A client-side stream: its own evaluations first (`put`), then a `ping` on every
   * change of the environment, flags or segments alike, so a segment change that
   * alters this context's results reaches it too (as Relay does).
   */
  openPing(
    kind: 'client' | 'mobile',
    envId: string,
    response: ServerResponse,
    put: string,
    headers: Record<string, string> = {},
  ): void {
    const message = `event: put\ndata: ${put}\n\n`;
    this.attach(this.pingStreams, kind, envId, response, headers);
    this.putBytes.set(response, Buffer.byteLength(message));
    this.write(response, message);
  }

  private attach(
    map: Map<string, Set<ServerResponse>>,
    kind: StreamKind,
    envId: string,
    response: ServerResponse,
    headers: Record<string, string>,
  ): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...headers,
    });
    let set = map.get(envId);
    if (set === undefined) {
      set = new Set();
      map.set(envId, set);
    }
    const streams = set;
    streams.add(response);
    this.total++;
    this.openByKind[kind]++;
    this.openedByKind[kind]++;
    response.on('close', () => {
      if (streams.delete(response)) {
        this.total--;
        this.openByKind[kind]--;
      }
      if (streams.size === 0) map.delete(envId);
    });
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const map of [this.streams, this.pingStreams]) {
      for (const set of map.values()) for (const response of set) response.end();
      map.clear();
    }
  }

  private broadcast(data: EnvironmentData, changes: readonly Change[]): void {
    const set = this.streams.get(data.id) ?? new Set<ServerResponse>();
    const streams = set.size;
    const committedAt = Math.min(...changes.map((c) => Date.parse(c.at)));
    const latencies: number[] = [];
    if (streams > 0) {
      const message = changes.map((change) => changeMessage(data, change)).join('');
      for (const response of set) if (this.write(response, message)) latencies.push(Date.now() - committedAt);
    }
    for (const response of this.pingStreams.get(data.id) ?? [])
      this.write(response, 'event: ping\ndata: \n\n');
    latencies.sort((a, b) => a - b);
    this.record(data.id, {
      version: Math.max(...changes.map((c) => c.version)),
      items: changes.map((c) => `${c.kind}/${c.key}`),
      committedAt: new Date(committedAt).toISOString(),
      writtenAt: new Date().toISOString(),
      streams,
      written: latencies.length,
      dropped: streams - latencies.length,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
    });
  }

  private record(envId: string, record: DeliveryRecord): void {
    const list = this.deliveries.get(envId) ?? [];
    list.push(record);
    if (list.length > DELIVERIES_KEPT) list.shift();
    this.deliveries.set(envId, list);
    this.options.onDelivery?.(record);
  }

  private broadcastAll(message: string): void {
    for (const map of [this.streams, this.pingStreams]) {
      for (const set of map.values()) for (const response of set) this.write(response, message);
    }
  }

  /** Writes to one stream; false when the stream was dropped as too slow. */
  private write(response: ServerResponse, message: string): boolean {
    if (response.writableLength > this.options.maxQueuedBytes + (this.putBytes.get(response) ?? 0)) {
      // Too slow: drop it, so it cannot hold memory or be served stale data forever.
      response.destroy();
      return false;
    }
    response.write(message);
    return true;
  }
}

/** Throws 503 with Retry-After when the hub is full (SDKs retry those with backoff). */
export function refuseIfFull(streams: StreamHub, envId: string): void {
  if (streams.hasRoom(envId)) return;
  throw new ApiError('TOO_MANY_STREAMS', 'Stream limit reached; retry later', undefined, {
    'retry-after': '5',
  });
}
