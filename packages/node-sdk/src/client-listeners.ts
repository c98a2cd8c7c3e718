/**
 * The client's events: `update` once per changed flag, `update:<key>` for one flag, `changes` once
 * per data change with every key, `status` when the connection state changes. A listener that
 * throws is logged; it never reaches the data source or the other listeners.
 */
import type { ConnectionStatus } from './connection-status.js';
import type { Logger } from './logger.js';

/** The payload of `update` and `update:<key>` events. */
export interface FlagChange {
  readonly key: string;
}

/** The payload of `changes`: every flag one data change may have affected (dependents included). */
export interface FlagChanges {
  readonly keys: readonly string[];
}

export type UpdateEvent = 'update' | `update:${string}`;

/** Any listener, stored by event name; the client's typed `on` says which payload each gets. */
type Listener = (payload: never) => void;

export class ClientListeners {
  private readonly byEvent = new Map<string, Set<Listener>>();

  constructor(private readonly logger: Logger) {}

  add(event: string, listener: Listener): void {
    const set = this.byEvent.get(event) ?? new Set();
    set.add(listener);
    this.byEvent.set(event, set);
  }

  remove(event: string, listener: Listener): void {
    const set = this.byEvent.get(event);
    set?.delete(listener);
    if (set?.size === 0) this.byEvent.delete(event);
  }

  changed(keys: readonly string[]): void {
    this.emit('changes', { keys });
    for (const key of keys) {
      this.emit('update', { key });
      this.emit(`update:${key}`, { key });
    }
  }

  status(status: ConnectionStatus): void {
    this.emit('status', status);
  }

  removeAll(): void {
    this.byEvent.clear();
  }

  private emit(event: string, payload: unknown): void {
    const set = this.byEvent.get(event);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        (listener as (p: unknown) => void)(payload);
      } catch (error) {
        this.logger.warn({ event, error: String(error) }, 'a client listener threw');
      }
    }
  }
}
