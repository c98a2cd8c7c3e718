/** The `<option>`s of a variation picker: each variation by number and value. */
import { variationLabel } from './draft';

export function VariationOptions({ variations }: { readonly variations: readonly unknown[] }) {
  return variations.map((_, i) => (
    <option key={variationLabel(variations, i)} value={i}>
      {variationLabel(variations, i)}
    </option>
  ));
}
