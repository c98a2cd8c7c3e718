import type { JsonValue } from './model.js';
import type { PatternCompiler, PatternTest } from './pattern.js';
import { compareSemVer, parseSemVer, type SemVer } from './semver.js';
import { parseTimestamp } from './timestamp.js';

/** Tests one context value (never an array) against all of a clause's values. */
export type ValueTest = (value: unknown) => boolean;

const NEVER: ValueTest = () => false;

function strings(values: readonly JsonValue[]): string[] {
  return values.filter((v): v is string => typeof v === 'string');
}

function numbers(values: readonly JsonValue[]): number[] {
  return values.filter((v): v is number => typeof v === 'number');
}

function stringTest(
  values: readonly JsonValue[],
  test: (value: string, operand: string) => boolean,
): ValueTest {
  const operands = strings(values);
  if (operands.length === 0) return NEVER;
  return (value) => typeof value === 'string' && operands.some((operand) => test(value, operand));
}

function numberTest(
  values: readonly JsonValue[],
  test: (value: number, operand: number) => boolean,
): ValueTest {
  const operands = numbers(values);
  if (operands.length === 0) return NEVER;
  return (value) => typeof value === 'number' && operands.some((operand) => test(value, operand));
}

function timestampTest(
  values: readonly JsonValue[],
  test: (value: number, operand: number) => boolean,
): ValueTest {
  const operands = values.map(parseTimestamp).filter((t): t is number => t !== undefined);
  if (operands.length === 0) return NEVER;
  return (value) => {
    const t = parseTimestamp(value);
    return t !== undefined && operands.some((operand) => test(t, operand));
  };
}

function semVerTest(values: readonly JsonValue[], test: (order: number) => boolean): ValueTest {
  const operands = values.map(parseSemVer).filter((v): v is SemVer => v !== undefined);
  if (operands.length === 0) return NEVER;
  return (value) => {
    const v = parseSemVer(value);
    return v !== undefined && operands.some((operand) => test(compareSemVer(v, operand)));
  };
}

function compilePatterns(values: readonly JsonValue[], compilePattern: PatternCompiler): PatternTest[] {
  const out: PatternTest[] = [];
  for (const pattern of strings(values)) {
    const compiled = compilePattern(pattern);
    // A pattern that does not compile never matches; the rest of the clause still counts.
    if ('test' in compiled) out.push(compiled.test);
  }
  return out;
}

function inTest(values: readonly JsonValue[]): ValueTest {
  // `in` needs the same JSON type: a Set keeps 1, "1" and true apart. Objects,
  // arrays and null never match, so they are left out.
  const operands = new Set<unknown>(values.filter((v) => v !== null && typeof v !== 'object'));
  if (operands.size === 0) return NEVER;
  if (operands.size === 1) {
    const only = operands.values().next().value;
    return (value) => value === only;
  }
  return (value) => operands.has(value);
}

type Compile = (values: readonly JsonValue[], compilePattern: PatternCompiler) => ValueTest;

/** Each operator that tests a context value, and how its clause values are compiled. */
const COMPILERS = {
  in: inTest,
  startsWith: (values) => stringTest(values, (v, o) => v.startsWith(o)),
  endsWith: (values) => stringTest(values, (v, o) => v.endsWith(o)),
  contains: (values) => stringTest(values, (v, o) => v.includes(o)),
  matches: (values, compilePattern) => {
    const tests = compilePatterns(values, compilePattern);
    if (tests.length === 0) return NEVER;
    return (value) => typeof value === 'string' && tests.some((test) => test(value));
  },
  lessThan: (values) => numberTest(values, (v, o) => v < o),
  lessThanOrEqual: (values) => numberTest(values, (v, o) => v <= o),
  greaterThan: (values) => numberTest(values, (v, o) => v > o),
  greaterThanOrEqual: (values) => numberTest(values, (v, o) => v >= o),
  before: (values) => timestampTest(values, (v, o) => v < o),
  after: (values) => timestampTest(values, (v, o) => v > o),
  semVerEqual: (values) => semVerTest(values, (order) => order === 0),
  semVerLessThan: (values) => semVerTest(values, (order) => order < 0),
  semVerGreaterThan: (values) => semVerTest(values, (order) => order > 0),
} satisfies Record<string, Compile>;

export type Operator = keyof typeof COMPILERS | 'segmentMatch';

/** Every clause operator the engine knows; `segmentMatch` refers to segments rather than testing a value. */
export const OPERATORS: readonly Operator[] = Object.freeze([
  ...(Object.keys(COMPILERS) as (keyof typeof COMPILERS)[]),
  'segmentMatch',
]);

/** Compiles an operator and its clause values once, when a snapshot is prepared. */
export function compileOperator(
  op: unknown,
  values: readonly JsonValue[],
  compilePattern: PatternCompiler,
): ValueTest {
  // An unknown operator never matches (so a negated one always does).
  if (typeof op !== 'string' || !Object.hasOwn(COMPILERS, op)) return NEVER;
  return COMPILERS[op as keyof typeof COMPILERS](values, compilePattern);
}
