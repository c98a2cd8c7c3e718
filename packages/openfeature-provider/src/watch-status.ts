/**
 * The client's connection state as OpenFeature provider events: `Stale` while the connection is
 * lost after data came, `Error` when the source has given up (a refused key), `Ready` once data
 * flows again. Interim: the SDK has no status event yet, so the state is read every `intervalMs`
 * (an unref'd timer); with `client.on('status')` this becomes a listener.
 */
import { ProviderEvents } from '@openfeature/server-sdk';
import type { SwitchyardClient } from '@switchyard/node-sdk';

type Announced = ProviderEvents.Ready | ProviderEvents.Stale | ProviderEvents.Error;

export interface StatusWatch {
  /** What OpenFeature was last told (initialize's outcome counts: OpenFeature announces it itself). */
  announced(event: Announced): void;
  stop(): void;
}

function eventFor(client: SwitchyardClient): Announced | undefined {
  const state = client.dataSourceState();
  if (state === 'off') return ProviderEvents.Error;
  if (!client.initialized()) return undefined;
  return state === 'valid' ? ProviderEvents.Ready : ProviderEvents.Stale;
}

export function watchStatus(
  client: SwitchyardClient,
  emit: (event: Announced) => void,
  intervalMs = 250,
): StatusWatch {
  let last: Announced | undefined;
  const timer = setInterval(() => {
    if (last === undefined) return; // initialize has not finished: OpenFeature speaks first
    const next = eventFor(client);
    if (next === undefined || next === last) return;
    last = next;
    emit(next);
  }, intervalMs);
  timer.unref();
  return {
    announced(event) {
      last = event;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
