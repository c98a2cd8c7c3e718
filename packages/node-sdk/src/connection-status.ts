/**
 * The client's connection status, as the host application sees it: `initializing` until data is
 * held, `valid` while the data source delivers, `interrupted` when it has lost the server while the
 * client still serves what it last had, `off` after `close()` or a refused key. The data source
 * reports its own state; this turns it into the public one and says when it changed.
 */
import type { SourceState } from './data-source.js';

export type ConnectionState = 'initializing' | 'valid' | 'interrupted' | 'off';

export interface ConnectionStatus {
  readonly state: ConnectionState;
  /** The last error the data source reported (it stays after the connection recovers). */
  readonly lastError?: { readonly message: string; readonly at: number };
  /** When the state last changed (milliseconds since the epoch). */
  readonly stateSince: number;
}

export class StatusTracker {
  private status: ConnectionStatus;

  constructor(
    /** Called with the new status whenever the state changes (not for a repeated error). */
    private readonly onChange: (status: ConnectionStatus) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.status = { state: 'initializing', stateSince: now() };
  }

  get current(): ConnectionStatus {
    return this.status;
  }

  /** What the data source says, and whether the client holds data (from it or a persisted file). */
  sourceReported(state: SourceState, hasData: boolean, error?: Error): void {
    const lastError =
      error === undefined ? this.status.lastError : { message: error.message, at: this.now() };
    const next: ConnectionState =
      state === 'valid' ? 'valid' : state === 'off' ? 'off' : hasData ? 'interrupted' : 'initializing';
    this.set(next, lastError);
  }

  /** The client was closed: `off` for good. */
  closed(): void {
    this.set('off', this.status.lastError);
  }

  private set(state: ConnectionState, lastError: ConnectionStatus['lastError']): void {
    if (this.status.state === 'off') return;
    const changed = state !== this.status.state;
    this.status = {
      state,
      ...(lastError === undefined ? {} : { lastError }),
      stateSince: changed ? this.now() : this.status.stateSince,
    };
    if (changed) this.onChange(this.status);
  }
}
