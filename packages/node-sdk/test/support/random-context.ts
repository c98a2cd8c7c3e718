/** Random LaunchDarkly contexts for the differential: users, organizations, devices, multi-kind and legacy users. */
import fc from 'fast-check';

const key = fc.oneof(
  fc.constantFrom('alice', 'bob', 'carol', 'dave', 'user-1', 'user-2'),
  fc.string({ minLength: 1, maxLength: 16 }),
);
const email = fc.oneof(
  fc.constantFrom('alice@example.org', 'bob@example.net', 'zed@example.net', 'kim@example.com'),
  fc
    .tuple(
      fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/),
      fc.constantFrom('example.com', 'example.net', 'example.org'),
    )
    .map(([local, domain]) => `${local}@${domain}`),
);
const version = fc.oneof(
  fc.constantFrom(
    '1.0.0',
    '1.4.9',
    '1.5.0',
    '2.0.0',
    '2.0',
    '3.0.0-beta.1',
    '3.0.0-beta.10',
    '3.0.0',
    'v1.2.3',
    'junk',
  ),
  fc.tuple(fc.nat(4), fc.nat(9), fc.nat(20)).map(([a, b, c]) => `${a}.${b}.${c}`),
);
const JAN_2018 = 1514764800000;
const JAN_2027 = 1798761600000;
const createdAt = fc.oneof(
  fc.integer({ min: JAN_2018, max: JAN_2027 }),
  fc.integer({ min: JAN_2018, max: JAN_2027 }).map((ms) => new Date(ms).toISOString()),
);

const userAttributes = {
  email,
  name: fc.constantFrom('Ann', 'Dan', 'Eve', 'Brian', 'Joanna'),
  country: fc.constantFrom('US', 'DE', 'NO', 'IS', 'BR', 'JP'),
  plan: fc.constantFrom('free', 'pro', 'team', 'enterprise'),
  age: fc.oneof(fc.integer({ min: 1, max: 99 }), fc.constantFrom('17', 'old')),
  version,
  createdAt,
  beta: fc.boolean(),
  groups: fc.uniqueArray(fc.constantFrom('admins', 'ops', 'sales', 'dev'), { maxLength: 3 }),
  anonymous: fc.boolean(),
};

const user = fc.record(
  { kind: fc.constant('user'), key, ...userAttributes },
  { requiredKeys: ['kind', 'key'] },
);
const organization = fc.record(
  {
    kind: fc.constant('organization'),
    key: fc.oneof(fc.constantFrom('acme', 'globex', 'initech', 'umbrella'), key),
    tier: fc.constantFrom('free', 'enterprise'),
    seats: fc.integer({ min: 1, max: 500 }),
  },
  { requiredKeys: ['kind', 'key'] },
);
const device = fc.record(
  { kind: fc.constant('device'), key, os: fc.constantFrom('ios', 'android') },
  { requiredKeys: ['kind', 'key'] },
);
const strip = ({ kind: _kind, ...rest }: { kind: string }) => rest;

const multi = fc.oneof(
  fc.tuple(user, organization).map(([u, o]) => ({ kind: 'multi', user: strip(u), organization: strip(o) })),
  fc
    .tuple(organization, device)
    .map(([o, d]) => ({ kind: 'multi', organization: strip(o), device: strip(d) })),
  fc
    .tuple(user, organization, device)
    .map(([u, o, d]) => ({ kind: 'multi', user: strip(u), organization: strip(o), device: strip(d) })),
);

/** A legacy user: no kind, custom attributes under `custom`. */
const legacyUser = fc
  .tuple(key, email, fc.constantFrom('US', 'NO', 'BR'), fc.constantFrom('free', 'pro', 'enterprise'))
  .map(([k, e, country, plan]) => ({ key: k, email: e, country, custom: { plan } }));

/** Contexts LaunchDarkly refuses (ERROR / USER_NOT_SPECIFIED), and a legacy user with an empty key, which it accepts. */
const oddContext = fc.constantFrom<Record<string, unknown>>(
  { kind: 'user', key: '' },
  { kind: 'user', name: 'no key' },
  { kind: 'multi' },
  { kind: 'kind', key: 'x' },
  { kind: 'org chart', key: 'x' },
  { kind: 'multi', user: { key: '' }, organization: { key: 'acme' } },
  { key: '', country: 'NO' },
);

export const contextArbitrary: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { arbitrary: user, weight: 4 },
  { arbitrary: organization, weight: 1 },
  { arbitrary: device, weight: 1 },
  { arbitrary: multi, weight: 3 },
  { arbitrary: legacyUser, weight: 1 },
  { arbitrary: oddContext, weight: 1 },
);
