/**
 * A listener for one flag's value for one context: on every change that may affect the flag, the
 * flag is evaluated again for that context (quietly: no analytics event), and the listener fires
 * only when the value or the variation differs from the last one it saw.
 */
import type { EvaluationDetail, JsonValue } from '@switchyard/engine';

/** What `onValueChange` listeners get: the flag, and its value and variation before and after. */
export interface ValueChange {
  readonly key: string;
  readonly oldValue: JsonValue;
  readonly newValue: JsonValue;
  readonly oldVariation: number | null;
  readonly newVariation: number | null;
}

/** The `update:<key>` listener that compares; `evaluate` is the flag's detail for the context now. */
export function valueWatcher(
  key: string,
  evaluate: () => EvaluationDetail,
  listener: (change: ValueChange) => void,
): () => void {
  let last = evaluate();
  return () => {
    const next = evaluate();
    const before = last;
    if (next.variationIndex === before.variationIndex && sameJson(next.value, before.value)) return;
    last = next;
    listener({
      key,
      oldValue: before.value,
      newValue: next.value,
      oldVariation: before.variationIndex,
      newVariation: next.variationIndex,
    });
  };
}

function sameJson(a: JsonValue, b: JsonValue): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
