import type { Clock, Secrets } from './ports.js';
import type { Store } from './store.js';

/** What every use case is built from; passed explicitly by the composition root. */
export interface ControlPlaneDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly secrets: Secrets;
}
