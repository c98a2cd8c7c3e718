/**
 * The short clause syntax of `flags rules add --clause`, one clause per option:
 *
 *   [kind.]attribute [not] op value[,value…]     user.email endsWith @acme.com
 *   [not] segmentMatch segment[,segment…]        segmentMatch beta-testers
 *
 * The kind defaults to `user`. Values are JSON when they parse (`18`, `true`, `"18"`),
 * else strings; a JSON array gives values that contain commas.
 */
import { UsageError } from './errors.js';

export interface Clause {
  readonly contextKind?: string;
  readonly attribute?: string;
  readonly op: string;
  readonly values: readonly unknown[];
  readonly negate: boolean;
}

const OPS = new Set([
  'in',
  'endsWith',
  'startsWith',
  'matches',
  'contains',
  'lessThan',
  'lessThanOrEqual',
  'greaterThan',
  'greaterThanOrEqual',
  'before',
  'after',
  'semVerEqual',
  'semVerLessThan',
  'semVerGreaterThan',
  'segmentMatch',
]);

function parseValues(text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // not a JSON array: split on commas below
    }
  }
  return trimmed.split(',').map((part) => {
    const value = part.trim();
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  });
}

export function parseClause(text: string): Clause {
  const words = text.trim().split(/\s+/);
  const fail = (why: string) =>
    new UsageError(`Cannot read the clause "${text}": ${why} (e.g. 'user.email endsWith @acme.com')`);
  let i = 0;
  let attribute: string | undefined;
  if (!OPS.has(words[0] ?? '') && words[0] !== 'not') attribute = words[i++];
  const negate = words[i] === 'not';
  if (negate) i++;
  const op = words[i++];
  if (op === undefined || !OPS.has(op))
    throw fail(`"${op ?? ''}" is not an operator (${[...OPS].join(', ')})`);
  const rest = words.slice(i).join(' ');
  if (rest === '') throw fail('no value');
  if (op === 'segmentMatch') return { op, values: parseValues(rest), negate };
  if (attribute === undefined) throw fail('no attribute');
  const dot = attribute.indexOf('.');
  const [contextKind, name] =
    dot > 0 ? [attribute.slice(0, dot), attribute.slice(dot + 1)] : ['user', attribute];
  if (name === '') throw fail('no attribute after the kind');
  return { contextKind, attribute: name, op, values: parseValues(rest), negate };
}
