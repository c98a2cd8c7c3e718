/** A varied flag set for the differential: operators, rollouts, experiments, prerequisites, segments, kinds. */
const clause = (attribute: string, op: string, values: unknown[], extra: Record<string, unknown> = {}) => ({
  contextKind: 'user',
  attribute,
  op,
  values,
  negate: false,
  ...extra,
});

const halves = [
  { variation: 0, weight: 50000 },
  { variation: 1, weight: 50000 },
];

const flags: Record<string, Record<string, unknown>> = {
  'plain-on': { on: true, variations: [true, false], offVariation: 1, fallthrough: { variation: 0 } },
  'plain-off': { on: false, variations: [true, false], offVariation: 1, fallthrough: { variation: 0 } },
  'off-no-variation': {
    on: false,
    variations: ['a', 'b'],
    offVariation: null,
    fallthrough: { variation: 0 },
  },
  'string-operators': {
    on: true,
    variations: ['fallthrough', 'in', 'starts', 'ends', 'contains', 'matches', 'negated'],
    offVariation: 0,
    targets: [{ variation: 1, values: ['alice', 'bob'] }],
    rules: [
      { id: 'r-in', variation: 1, clauses: [clause('country', 'in', ['NO', 'IS'])] },
      { id: 'r-starts', variation: 2, clauses: [clause('email', 'startsWith', ['a', 'b'])] },
      { id: 'r-ends', variation: 3, clauses: [clause('email', 'endsWith', ['@example.org'])] },
      { id: 'r-contains', variation: 4, clauses: [clause('name', 'contains', ['an'])] },
      {
        id: 'r-matches',
        variation: 5,
        clauses: [clause('email', 'matches', ['^[a-m][a-z0-9]*@example\\.net$'])],
      },
      { id: 'r-negated', variation: 6, clauses: [clause('plan', 'in', ['free'], { negate: true })] },
    ],
    fallthrough: { variation: 0 },
  },
  'number-date-semver': {
    on: true,
    variations: [0, 1, 2, 3, 4, 5, 6, 7],
    offVariation: 0,
    rules: [
      { id: 'r-lt', variation: 1, clauses: [clause('age', 'lessThan', [18])] },
      { id: 'r-gte', variation: 2, clauses: [clause('age', 'greaterThanOrEqual', [65])] },
      { id: 'r-before', variation: 3, clauses: [clause('createdAt', 'before', ['2020-01-01T00:00:00Z'])] },
      { id: 'r-after', variation: 4, clauses: [clause('createdAt', 'after', [1735689600000])] },
      { id: 'r-semver-eq', variation: 5, clauses: [clause('version', 'semVerEqual', ['2.0.0'])] },
      { id: 'r-semver-lt', variation: 6, clauses: [clause('version', 'semVerLessThan', ['1.5.0'])] },
      {
        id: 'r-semver-gt',
        variation: 7,
        clauses: [clause('version', 'semVerGreaterThan', ['3.0.0-beta.2'])],
      },
    ],
    fallthrough: { variation: 0 },
  },
  'multi-clause-rollout': {
    on: true,
    variations: ['control', 'treatment', 'pro-beta'],
    offVariation: 0,
    salt: 'mcr-salt',
    rules: [
      {
        id: 'r-pro-beta',
        clauses: [clause('plan', 'in', ['pro', 'team']), clause('beta', 'in', [true])],
        rollout: {
          variations: halves.map((h, i) => ({ ...h, variation: i + 1 })),
          bucketBy: 'email',
          contextKind: 'user',
        },
      },
      { id: 'r-groups', variation: 2, clauses: [clause('groups', 'in', ['admins', 'ops'])] },
    ],
    fallthrough: { rollout: { variations: halves, contextKind: 'user' } },
  },
  experiment: {
    on: true,
    variations: ['control', 'a', 'b'],
    offVariation: 0,
    rules: [
      {
        id: 'r-enterprise',
        clauses: [clause('plan', 'in', ['enterprise'])],
        rollout: {
          kind: 'experiment',
          seed: 61,
          variations: [...halves, { variation: 2, weight: 0, untracked: true }],
        },
      },
    ],
    fallthrough: {
      rollout: {
        kind: 'experiment',
        variations: [
          { variation: 0, weight: 30000 },
          { variation: 1, weight: 30000 },
          { variation: 2, weight: 40000, untracked: true },
        ],
      },
    },
  },
  'org-kinds': {
    on: true,
    variations: ['none', 'acme', 'enterprise-org', 'has-device', 'org-rollout-a', 'org-rollout-b'],
    offVariation: 0,
    targets: [],
    contextTargets: [{ contextKind: 'organization', variation: 1, values: ['acme'] }],
    rules: [
      {
        id: 'r-org-tier',
        variation: 2,
        clauses: [
          { contextKind: 'organization', attribute: 'tier', op: 'in', values: ['enterprise'], negate: false },
        ],
      },
      {
        id: 'r-device-kind',
        variation: 3,
        clauses: [{ contextKind: 'user', attribute: 'kind', op: 'in', values: ['device'], negate: false }],
      },
    ],
    fallthrough: {
      rollout: {
        contextKind: 'organization',
        variations: [
          { variation: 4, weight: 50000 },
          { variation: 5, weight: 50000 },
        ],
      },
    },
  },
  base: {
    on: true,
    variations: [true, false],
    offVariation: 1,
    rules: [{ id: 'r-br', variation: 1, clauses: [clause('country', 'in', ['BR'])] }],
    fallthrough: { variation: 0 },
  },
  gated: {
    on: true,
    variations: ['off', 'segment', 'standard'],
    offVariation: 0,
    prerequisites: [{ key: 'base', variation: 0 }],
    rules: [
      {
        id: 'r-beta-segment',
        variation: 1,
        clauses: [
          {
            attribute: 'segmentMatch',
            op: 'segmentMatch',
            values: ['beta-testers', 'big-orgs'],
            negate: false,
          },
        ],
      },
    ],
    fallthrough: { variation: 2 },
  },
  'gated-twice': {
    on: true,
    variations: ['off', 'on'],
    offVariation: 0,
    prerequisites: [
      { key: 'gated', variation: 2 },
      { key: 'plain-on', variation: 0 },
    ],
    fallthrough: { variation: 1 },
  },
};

const segments: Record<string, Record<string, unknown>> = {
  'beta-testers': {
    included: ['alice', 'carol'],
    excluded: ['bob'],
    salt: 'beta-salt',
    rules: [
      { id: 's-enterprise', clauses: [clause('plan', 'in', ['enterprise'])] },
      { id: 's-half-pro', clauses: [clause('plan', 'in', ['pro'])], weight: 50000, bucketBy: 'key' },
    ],
  },
  'big-orgs': {
    includedContexts: [{ contextKind: 'organization', values: ['globex'] }],
    excludedContexts: [{ contextKind: 'organization', values: ['initech'] }],
    salt: 'orgs-salt',
    rules: [
      {
        id: 's-org-tier',
        clauses: [
          {
            contextKind: 'organization',
            attribute: 'seats',
            op: 'greaterThan',
            values: [100],
            negate: false,
          },
        ],
        weight: 70000,
        rolloutContextKind: 'organization',
      },
    ],
  },
};

export const differentialData = { flags, segments };
