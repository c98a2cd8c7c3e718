/**
 * The client's connection status (`client.on('status')`) as OpenFeature provider events: `Stale`
 * while the connection is lost after data came, `Error` when the source has given up (a refused key),
 * `Ready` once data flows again.
 */
import { ProviderEvents } from '@openfeature/server-sdk';
import type { ConnectionState, ConnectionStatus, SwitchyardClient } from '@switchyard/node-sdk';

type Announced = ProviderEvents.Ready | ProviderEvents.Stale | ProviderEvents.Error;

export interface StatusWatch {
  /** What OpenFeature was last told (initialize's outcome counts: OpenFeature announces it itself). */
  announced(event: Announced): void;
  stop(): void;
}

const EVENTS: Record<ConnectionState, Announced | undefined> = {
  valid: ProviderEvents.Ready,
  interrupted: ProviderEvents.Stale,
  off: ProviderEvents.Error,
  // Still without data: initialize's timeout or the source's refusal says so.
  initializing: undefined,
};

export function watchStatus(client: SwitchyardClient, emit: (event: Announced) => void): StatusWatch {
  let last: Announced | undefined;
  const listener = ({ state }: ConnectionStatus) => {
    if (last === undefined) return; // initialize has not finished: OpenFeature speaks first
    const next = EVENTS[state];
    if (next === undefined || next === last) return;
    last = next;
    emit(next);
  };
  client.on('status', listener);
  return {
    announced(event) {
      last = event;
    },
    stop() {
      client.off('status', listener);
    },
  };
}
