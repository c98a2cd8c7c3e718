import type { JsonValue } from './model.js';
import type { Reason } from './reason.js';

/**
 * The engine's answer for one flag and one context. `value` is null and
 * `variationIndex` is null when no variation was served (an error, or a flag that
 * is off with no off variation); callers substitute their default, as
 * `variationDetail` does.
 */
export interface Evaluation {
  readonly value: JsonValue;
  readonly variationIndex: number | null;
  readonly reason: Reason;
  /** Keys of the direct prerequisites evaluated for this flag, in order (for client-side payloads and events). */
  readonly prerequisites?: readonly string[];
}
