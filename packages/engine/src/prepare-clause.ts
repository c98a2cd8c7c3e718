import { type AttributeReference, literalReference, parseReference } from './attribute-reference.js';
import { arrayOf, isRecord, stringOr } from './json.js';
import type { JsonValue } from './model.js';
import { compileOperator, type ValueTest } from './operators.js';
import type { PrepareOptions } from './pattern.js';

/** A clause compiled once per snapshot: attribute reference parsed, operator and values prepared. */
export type PreparedClause =
  | {
      readonly type: 'attribute';
      readonly contextKind: string;
      readonly ref: AttributeReference;
      readonly test: ValueTest;
      readonly negate: boolean;
    }
  | { readonly type: 'kind'; readonly test: ValueTest; readonly negate: boolean }
  | { readonly type: 'segment'; readonly segmentKeys: readonly string[]; readonly negate: boolean }
  | { readonly type: 'malformed' };

const MALFORMED_CLAUSE: PreparedClause = Object.freeze({ type: 'malformed' });

export function prepareClause(raw: unknown, options: PrepareOptions): PreparedClause {
  if (!isRecord(raw)) return MALFORMED_CLAUSE;
  const values = arrayOf<JsonValue>(raw.values);
  const negate = raw.negate === true;
  if (raw.op === 'segmentMatch') {
    const segmentKeys = values.filter((v): v is string => typeof v === 'string');
    return { type: 'segment', segmentKeys, negate };
  }
  const attribute = stringOr(raw.attribute, '');
  const contextKind = stringOr(raw.contextKind, undefined);
  // Without contextKind the data is from before contexts: the attribute is a literal name.
  const ref = contextKind === undefined ? literalReference(attribute) : parseReference(attribute);
  if (!ref.valid) return MALFORMED_CLAUSE;
  const test = compileOperator(raw.op, values, options.compilePattern);
  if (ref.isKind) return { type: 'kind', test, negate };
  return { type: 'attribute', contextKind: contextKind ?? 'user', ref, test, negate };
}

export function prepareClauses(raw: unknown, options: PrepareOptions): readonly PreparedClause[] {
  return arrayOf<unknown>(raw).map((clause) => prepareClause(clause, options));
}
