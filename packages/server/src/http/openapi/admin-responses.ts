/**
 * The admin API's answers as JSON Schema, for the OpenAPI document only: the routes return
 * the control plane's domain types (TypeScript interfaces), so these describe them for
 * readers of the reference and are checked against real answers by
 * test/openapi-document.test.ts. Each lists the fields a client relies on; objects stay
 * open (`additionalProperties`) so a field added to a domain type never breaks a client.
 */
import { type TSchema, Type } from 'typebox';

const open = { additionalProperties: true };
const Timestamp = Type.String({ format: 'date-time' });
const Role = Type.Union([Type.Literal('reader'), Type.Literal('writer'), Type.Literal('admin')]);
const ProjectScope = Type.Union([Type.String(), Type.Null()]);

export const Account = Type.Object(
  {
    key: Type.String(),
    name: Type.String(),
    plan: Type.String(),
    limits: Type.Object({}, open),
    createdAt: Timestamp,
  },
  open,
);
export const Project = Type.Object(
  {
    key: Type.String(),
    name: Type.String(),
    accountKey: Type.String(),
    system: Type.Boolean(),
    createdAt: Timestamp,
  },
  open,
);
export const Environment = Type.Object(
  {
    projectKey: Type.String(),
    key: Type.String(),
    name: Type.String(),
    sdkKey: Type.String(),
    mobileKey: Type.String(),
    clientSideId: Type.String(),
    secureMode: Type.Boolean(),
  },
  open,
);
export const Flag = Type.Object(
  {
    projectKey: Type.String(),
    key: Type.String(),
    name: Type.String(),
    description: Type.String(),
    tags: Type.Array(Type.String()),
    temporary: Type.Boolean(),
    variations: Type.Array(Type.Unknown()),
    archived: Type.Boolean(),
    version: Type.Integer(),
  },
  open,
);
export const FlagConfig = Type.Object(
  {
    on: Type.Boolean(),
    offVariation: Type.Union([Type.Integer(), Type.Null()]),
    fallthrough: Type.Object({}, open),
    targets: Type.Array(Type.Object({}, open)),
    contextTargets: Type.Array(Type.Object({}, open)),
    rules: Type.Array(Type.Object({}, open)),
    prerequisites: Type.Array(Type.Object({}, open)),
    salt: Type.String(),
    version: Type.Integer({ description: "The environment's data version this targeting was written at" }),
  },
  open,
);
export const FlagWithTargeting = Type.Object(
  { flag: Flag, environments: Type.Record(Type.String(), FlagConfig) },
  open,
);
export const Segment = Type.Object(
  {
    projectKey: Type.String(),
    environmentKey: Type.String(),
    key: Type.String(),
    name: Type.String(),
    included: Type.Array(Type.String()),
    excluded: Type.Array(Type.String()),
    rules: Type.Array(Type.Object({}, open)),
    version: Type.Integer(),
  },
  open,
);
export const ApiToken = Type.Object(
  { id: Type.String(), name: Type.String(), role: Role, projectKey: ProjectScope, createdAt: Timestamp },
  open,
);
export const NewApiToken = Type.Object(
  { token: Type.String({ description: 'The secret, shown this once' }), ...ApiToken.properties },
  open,
);
export const User = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    role: Role,
    projectKey: ProjectScope,
    disabled: Type.Boolean(),
    createdAt: Timestamp,
  },
  open,
);
export const SignedIn = Type.Object(
  {
    user: User,
    csrfToken: Type.String({ description: 'Send as x-csrf-token on writes made with the session cookie' }),
    expiresAt: Timestamp,
  },
  open,
);
export const AuditEntry = Type.Object(
  {
    id: Type.Integer(),
    at: Timestamp,
    actor: Type.Object({ kind: Type.String(), name: Type.String() }, open),
    action: Type.String(),
    resourceKind: Type.String(),
    projectKey: ProjectScope,
    environmentKey: ProjectScope,
    resourceKey: Type.String(),
    before: Type.Unknown(),
    after: Type.Unknown(),
    comment: Type.Union([Type.String(), Type.Null()]),
  },
  open,
);
export const AuditPage = Type.Object(
  {
    items: Type.Array(AuditEntry),
    next: Type.Optional(Type.Integer({ description: 'Pass as ?before= for the next page' })),
  },
  open,
);
export const SdkData = Type.Object(
  {
    flags: Type.Record(Type.String(), Type.Object({}, open)),
    segments: Type.Record(Type.String(), Type.Object({}, open)),
  },
  { ...open, description: "LaunchDarkly's SDK data format" },
);
/** Reports whose shape is the server's own (usage, delivery, insights, evaluation, import). */
export const Report = (description: string) => Type.Object({}, { ...open, description });

export const List = (item: TSchema) => Type.Object({ items: Type.Array(item) }, open);
export const NoContent = Type.Null({ description: 'No content' });
