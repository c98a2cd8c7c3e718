/**
 * fast-check generators for LaunchDarkly data sets and contexts, drawn from small
 * pools so that targets, clauses, segments and prerequisites match often.
 *
 * Left out on purpose: the documented corner cases where LaunchDarkly's Go reference
 * evaluator (which we follow, docs/adr/0002) and its JS SDK disagree:
 * - a rollout `seed` of 0 (JS ignores it);
 * - a weighted segment rule for a context without the rule's rollout kind (the test
 *   skips those contexts, see `weightedSegmentKinds`);
 * - a rule or segment rule without a `clauses` array (always emitted here);
 * - prerequisite and segment cycles: the JS SDK goes on to the next prerequisite or
 *   clause after finding one, so a later result can hide the cycle; Go reports
 *   MALFORMED_FLAG. The conformance suite and evaluator tests cover cycles;
 * - attribute references where `~` is followed by `|` or `^` (none in the pools);
 * - regular expressions outside the RE2 and ECMAScript common subset;
 * - semantic versions with whitespace or a leading `=`.
 */
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = Record<string, Json>;

export interface DataSet {
  readonly flags: Record<string, Obj>;
  readonly segments: Record<string, Obj>;
  readonly contexts: Obj[];
}

const KINDS = ['user', 'org', 'device'] as const;
const KEYS = ['a', 'b', 'c', 'd', 'e', 'user-1', 'x:y%z'];
const ATTRS = ['name', 'email', 'plan', 'age', 'version', 'created', 'tags', 'score'];
const STRINGS = ['alpha', 'beta', 'a@x.com', 'b@y.org', 'gold', 'Gold', '', '10'];
const NUMBERS = [0, 1, 2.5, 10, -3, 1512543600000, 33333];
const DATES = [
  '2017-12-06T00:00:00.000-07:00',
  '2017-12-06T07:00:00Z',
  '2020-01-01T00:00:00.5+01:00',
  '2017-12-06',
  'not a date',
];
const VERSIONS = [
  '2',
  '2.1',
  '2.0.0',
  '2.0.0-rc.1',
  '2.0.0-rc.10',
  '2.0.0+build',
  '1.10.0',
  '2.0.1',
  'v2.0.0',
  '02.0.0',
  '2.0.0.0',
  '2.0-rc',
];
const PATTERNS = ['^a', 'a$', '.*@x\\.com', '[0-9]+', 'ALPHA', '(', '^$'];
const OPS = [
  'in',
  'startsWith',
  'endsWith',
  'contains',
  'matches',
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
  'unknownOp',
];

const primitive: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(...STRINGS),
  fc.constantFrom(...NUMBERS),
  fc.boolean(),
  fc.constantFrom(...DATES),
  fc.constantFrom(...VERSIONS),
);
const attributeValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 6, arbitrary: primitive },
  { weight: 1, arbitrary: fc.array(primitive, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.record({ inner: primitive }) },
  { weight: 1, arbitrary: fc.constant(null) },
);
const attributes: fc.Arbitrary<Obj> = fc.dictionary(fc.constantFrom(...ATTRS), attributeValue, {
  maxKeys: 4,
});

const single = (kind: string) =>
  fc
    .tuple(fc.constantFrom(...KEYS), attributes, fc.option(fc.boolean(), { nil: undefined }))
    .map(([key, attrs, anonymous]) => {
      const ctx: Obj = { ...attrs, kind, key };
      if (anonymous !== undefined) ctx.anonymous = anonymous;
      return ctx;
    });

const context: fc.Arbitrary<Obj> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KINDS).chain(single) },
  {
    weight: 2,
    arbitrary: fc.subarray([...KINDS], { minLength: 2 }).chain((kinds) =>
      fc.tuple(...kinds.map((k) => single(k))).map((parts) => {
        const ctx: Obj = { kind: 'multi' };
        parts.forEach((p, i) => {
          const { kind: _kind, ...rest } = p;
          ctx[kinds[i] as string] = rest;
        });
        return ctx;
      }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...KEYS), fc.option(fc.constantFrom(...STRINGS), { nil: undefined }), attributes)
      .map(([key, name, custom]) => ({ key, ...(name === undefined ? {} : { name }), custom })),
  },
);

/** Clauses on the key or kind match often, so rules are reached and matched, not just skipped. */
const likelyClause: fc.Arbitrary<Obj> = fc.oneof(
  fc.record({
    contextKind: fc.constantFrom(...KINDS),
    attribute: fc.constant('key'),
    op: fc.constant('in'),
    values: fc.subarray(KEYS, { minLength: 2 }),
    negate: fc.boolean(),
  }),
  fc.record({
    attribute: fc.constant('kind'),
    op: fc.constant('in'),
    values: fc.subarray([...KINDS], { minLength: 1 }),
    negate: fc.constant(false),
  }),
  fc.record({
    contextKind: fc.constant('user'),
    attribute: fc.constantFrom('name', 'plan', 'email'),
    op: fc.constantFrom('startsWith', 'contains', 'in'),
    values: fc.subarray(STRINGS, { minLength: 3 }),
    negate: fc.boolean(),
  }),
);

function clause(segmentKeys: string[]): fc.Arbitrary<Obj> {
  return fc.oneof({ weight: 1, arbitrary: likelyClause }, { weight: 2, arbitrary: anyClause(segmentKeys) });
}

function anyClause(segmentKeys: string[]): fc.Arbitrary<Obj> {
  return fc.constantFrom(...OPS).chain((op): fc.Arbitrary<Obj> => {
    if (op === 'segmentMatch') {
      return fc.record({
        attribute: fc.constant(''),
        op: fc.constant(op),
        values: fc.subarray([...segmentKeys, 'missing-segment'], { minLength: 1 }),
        negate: fc.boolean(),
      });
    }
    const values =
      op === 'matches'
        ? fc.subarray(PATTERNS, { minLength: 1, maxLength: 3 })
        : fc.array(primitive, { minLength: 1, maxLength: 3 });
    return fc.record(
      {
        contextKind: fc.constantFrom(...KINDS),
        attribute: fc.constantFrom(...ATTRS, 'key', 'kind', '/tags', '/score/inner', 'anonymous'),
        op: fc.constant(op),
        values,
        negate: fc.boolean(),
      },
      { requiredKeys: ['attribute', 'op', 'values', 'negate'] },
    );
  });
}

function rollout(count: number): fc.Arbitrary<Obj> {
  return fc.record(
    {
      kind: fc.constantFrom('rollout', 'experiment'),
      contextKind: fc.constantFrom(...KINDS),
      bucketBy: fc.constantFrom('key', 'name', 'age', 'score'),
      seed: fc.integer({ min: 1, max: 1000 }),
      variations: fc.array(
        fc.record(
          {
            variation: fc.integer({ min: 0, max: count - 1 }),
            weight: fc.integer({ min: 0, max: 100000 }),
            untracked: fc.boolean(),
          },
          { requiredKeys: ['variation', 'weight'] },
        ),
        { minLength: 1, maxLength: 3 },
      ),
    },
    { requiredKeys: ['variations'] },
  );
}

function serve(count: number): fc.Arbitrary<Obj> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: 0, max: count - 1 }).map((variation) => ({ variation })) },
    { weight: 5, arbitrary: rollout(count).map((r) => ({ rollout: r })) },
    { weight: 1, arbitrary: fc.constant({ variation: count }) },
  );
}

const variationSets: fc.Arbitrary<Json[]> = fc.constantFrom<Json[]>(
  [true, false],
  ['red', 'green', 'blue'],
  [1, 2.5, 3],
  [{ a: 1 }, { a: 2 }],
);

function flag(index: number, flagKeys: string[], segmentKeys: string[]): fc.Arbitrary<Obj> {
  return variationSets.chain((variations) => {
    const n = variations.length;
    const target = fc.record({ variation: fc.integer({ min: 0, max: n - 1 }), values: fc.subarray(KEYS) });
    return fc.record(
      {
        key: fc.constant(flagKeys[index] as string),
        version: fc.integer({ min: 1, max: 50 }),
        on: fc.oneof(
          { weight: 4, arbitrary: fc.constant(true) },
          { weight: 1, arbitrary: fc.constant(false) },
        ),
        variations: fc.constant(variations),
        offVariation: fc.oneof(
          { weight: 6, arbitrary: fc.integer({ min: 0, max: n - 1 }) },
          { weight: 1, arbitrary: fc.constant(null) },
          { weight: 1, arbitrary: fc.constant(n + 1) },
        ),
        fallthrough: serve(n),
        salt: fc.constantFrom('', 'salty', 'abc123'),
        targets: fc.array(target, { maxLength: 2 }),
        contextTargets: fc.array(
          fc.record({
            contextKind: fc.constantFrom(...KINDS),
            variation: fc.integer({ min: 0, max: n - 1 }),
            values: fc.subarray(KEYS),
          }),
          { maxLength: 2 },
        ),
        rules: fc.array(
          fc
            .tuple(
              fc.array(clause(segmentKeys), { minLength: 1, maxLength: 2 }),
              serve(n),
              fc.option(fc.constantFrom('r1', 'r2'), { nil: undefined }),
            )
            .map(([clauses, s, id]) => ({ ...(id === undefined ? {} : { id }), clauses, ...s })),
          { maxLength: 3 },
        ),
        // Only later flags: prerequisite cycles are left to the conformance suite, because
        // the JS SDK keeps checking after it finds one while Go stops (docs/adr/0002).
        prerequisites: fc.array(
          fc.record({
            key: fc.constantFrom(...flagKeys.slice(index + 1), 'missing-flag'),
            variation: fc.integer({ min: 0, max: 2 }),
          }),
          { maxLength: 1 },
        ),
      },
      {
        requiredKeys: [
          'key',
          'version',
          'on',
          'variations',
          'fallthrough',
          'salt',
          'targets',
          'contextTargets',
          'rules',
          'prerequisites',
        ],
      },
    );
  });
}

function segment(key: string, segmentKeys: string[]): fc.Arbitrary<Obj> {
  const targets = fc.array(fc.record({ contextKind: fc.constantFrom(...KINDS), values: fc.subarray(KEYS) }), {
    maxLength: 2,
  });
  return fc.record({
    key: fc.constant(key),
    version: fc.constant(1),
    salt: fc.constantFrom('', 'seg-salt'),
    included: fc.subarray(KEYS, { maxLength: 2 }),
    excluded: fc.subarray(KEYS, { maxLength: 2 }),
    includedContexts: targets,
    excludedContexts: targets,
    rules: fc.array(
      fc.record(
        {
          clauses: fc.array(clause(segmentKeys), { minLength: 0, maxLength: 2 }),
          weight: fc.integer({ min: 0, max: 100000 }),
          bucketBy: fc.constantFrom('key', 'name'),
          rolloutContextKind: fc.constantFrom(...KINDS),
        },
        { requiredKeys: ['clauses'] },
      ),
      { maxLength: 2 },
    ),
  });
}

/** A data set of up to 3 flags and 2 segments, with unique keys (`prefix`), and contexts to evaluate. */
export function dataSet(prefix: string): fc.Arbitrary<DataSet> {
  const flagKeys = [0, 1, 2].map((i) => `${prefix}-flag-${i}`);
  const segmentKeys = [0, 1].map((i) => `${prefix}-seg-${i}`);
  return fc.record({
    flags: fc
      .tuple(...flagKeys.map((_, i) => flag(i, flagKeys, segmentKeys)))
      .map((fs) => Object.fromEntries(fs.map((f) => [f.key as string, f]))),
    // A segment refers only to later segments: no cycles (see the note at the top).
    segments: fc
      .tuple(...segmentKeys.map((k, i) => segment(k, segmentKeys.slice(i + 1))))
      .map((ss) => Object.fromEntries(ss.map((s) => [s.key as string, s]))),
    contexts: fc.array(context, { minLength: 1, maxLength: 4 }),
  });
}

/** Kinds used by weighted segment rules: the corner where Go and JS disagree when a context lacks one. */
export function weightedSegmentKinds(set: DataSet): Set<string> {
  const kinds = new Set<string>();
  for (const s of Object.values(set.segments)) {
    for (const rule of (s.rules as Obj[] | undefined) ?? []) {
      if (typeof rule.weight === 'number')
        kinds.add((rule.rolloutContextKind as string | undefined) ?? 'user');
    }
  }
  return kinds;
}

export function contextKinds(context: Obj): string[] {
  if (context.kind === undefined) return ['user'];
  if (context.kind === 'multi') return Object.keys(context).filter((k) => k !== 'kind');
  return [context.kind as string];
}
