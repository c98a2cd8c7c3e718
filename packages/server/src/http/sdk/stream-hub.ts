/**
 * Server-side SDK streams (`GET /all`): every connection of an environment receives
 * the same bytes. A change is serialized once, whatever the number of streams, and
 * a client that cannot keep up is dropped (it reconnects and gets a fresh `put`)
 * rather than holding memory or delaying the others.
 */
import type { ServerResponse } from 'node:http';
import type { Change } from '@switchyard/control-plane';
import type { EnvironmentData, EnvironmentSnapshots } from '../../delivery/environment-snapshots.js';

export interface StreamHubOptions {
  /** How often an idle stream gets a comment, so proxies and the SDK's 5-minute read timeout stay calm. */
  readonly heartbeatMs: number;
  /** Bytes a connection may have queued before it is dropped as too slow. */
  readonly maxQueuedBytes: number;
}

const putMessages = new WeakMap<EnvironmentData, string>();

/** The `put` event for one version of an environment's data, serialized once. */
export function putMessage(data: EnvironmentData): string {
  let message = putMessages.get(data);
  if (message === undefined) {
    message = `event: put\ndata: ${JSON.stringify({ path: '/', data: { flags: data.flags, segments: data.segments } })}\n\n`;
    putMessages.set(data, message);
  }
  return message;
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

export class StreamHub {
  private readonly streams = new Map<string, Set<ServerResponse>>();
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
    return this.streams.get(envId)?.size ?? 0;
  }

  open(data: EnvironmentData, response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let set = this.streams.get(data.id);
    if (set === undefined) {
      set = new Set();
      this.streams.set(data.id, set);
    }
    const streams = set;
    streams.add(response);
    response.on('close', () => {
      streams.delete(response);
      if (streams.size === 0) this.streams.delete(data.id);
    });
    this.write(response, putMessage(data));
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const set of this.streams.values()) for (const response of set) response.end();
    this.streams.clear();
  }

  private broadcast(data: EnvironmentData, changes: readonly Change[]): void {
    const set = this.streams.get(data.id);
    if (set === undefined || set.size === 0) return;
    const message = changes.map((change) => changeMessage(data, change)).join('');
    for (const response of set) this.write(response, message);
  }

  private broadcastAll(message: string): void {
    for (const set of this.streams.values()) for (const response of set) this.write(response, message);
  }

  private write(response: ServerResponse, message: string): void {
    if (response.writableLength > this.options.maxQueuedBytes) {
      // Too slow: drop it, so it cannot hold memory or be served stale data forever.
      response.destroy();
      return;
    }
    response.write(message);
  }
}
