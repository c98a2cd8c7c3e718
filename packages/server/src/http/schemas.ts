/**
 * Wire schemas shared by the HTTP surfaces. Each TypeBox schema is the validator, the
 * TypeScript type and the OpenAPI document at once. Request and response schemas are
 * separate; LaunchDarkly's data model is accepted with unknown extra fields (real
 * exports carry some), while Switchyard's own bodies reject unknown keys.
 */
import { type Static, Type } from 'typebox';

export const Key = Type.String({
  pattern: '^[a-zA-Z0-9][a-zA-Z0-9._-]{0,127}$',
  description: 'letters, digits, ".", "_" and "-"; up to 128',
});
const Json = Type.Unknown();
const Int = Type.Integer();

/**
 * Why a write was made, recorded on its audit entry. Its length (500) is checked by
 * the control plane, so a long one is COMMENT_TOO_LONG rather than a generic 400.
 */
export const Comment = Type.Optional(
  Type.String({ description: 'why the change was made; at most 500 characters, shown in the audit log' }),
);

export const ClauseSchema = Type.Object({
  contextKind: Type.Optional(Type.String({ maxLength: 128 })),
  attribute: Type.Optional(Type.String({ maxLength: 1024 })),
  op: Type.String({ maxLength: 64 }),
  values: Type.Array(Json, { maxItems: 100000 }),
  negate: Type.Optional(Type.Boolean()),
});

const WeightedVariation = Type.Object({
  variation: Int,
  weight: Int,
  untracked: Type.Optional(Type.Boolean()),
});

export const RolloutSchema = Type.Object({
  kind: Type.Optional(Type.Union([Type.Literal('rollout'), Type.Literal('experiment')])),
  contextKind: Type.Optional(Type.String({ maxLength: 128 })),
  bucketBy: Type.Optional(Type.String({ maxLength: 1024 })),
  seed: Type.Optional(Int),
  variations: Type.Array(WeightedVariation, { maxItems: 1000 }),
});

export const VariationOrRolloutSchema = Type.Object({
  variation: Type.Optional(Int),
  rollout: Type.Optional(RolloutSchema),
});

const Target = Type.Object({
  contextKind: Type.Optional(Type.String({ maxLength: 128 })),
  variation: Int,
  values: Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 100000 }),
});

const Prerequisite = Type.Object({ key: Key, variation: Int });

const FlagRule = Type.Object({
  // Room for the circuit breaker's ids: `circuit-breaker:<account key, up to 128>:<epoch ms>`.
  id: Type.Optional(Type.String({ maxLength: 256 })),
  clauses: Type.Array(ClauseSchema, { maxItems: 1000 }),
  variation: Type.Optional(Int),
  rollout: Type.Optional(RolloutSchema),
  trackEvents: Type.Optional(Type.Boolean()),
});

/** A flag's targeting in one environment, as a person sets it. */
export const TargetingBody = Type.Object(
  {
    on: Type.Boolean(),
    offVariation: Type.Union([Int, Type.Null()]),
    fallthrough: VariationOrRolloutSchema,
    targets: Type.Optional(Type.Array(Target, { maxItems: 1000 })),
    contextTargets: Type.Optional(Type.Array(Target, { maxItems: 1000 })),
    rules: Type.Optional(Type.Array(FlagRule, { maxItems: 1000 })),
    prerequisites: Type.Optional(Type.Array(Prerequisite, { maxItems: 100 })),
    trackEvents: Type.Optional(Type.Boolean()),
    trackEventsFallthrough: Type.Optional(Type.Boolean()),
    debugEventsUntilDate: Type.Optional(Type.Union([Int, Type.Null()])),
    version: Type.Optional(
      Type.Integer({ minimum: 0, description: 'the version you read; a stale one gets 409' }),
    ),
    comment: Comment,
  },
  { additionalProperties: false },
);
export type TargetingBody = Static<typeof TargetingBody>;

/** LaunchDarkly's SDK flag JSON (import accepts extra fields LaunchDarkly adds). */
export const SdkFlagSchema = Type.Object({
  key: Type.Optional(Type.String()),
  version: Type.Optional(Int),
  on: Type.Optional(Type.Boolean()),
  variations: Type.Array(Json, { minItems: 1, maxItems: 1000 }),
  offVariation: Type.Optional(Type.Union([Int, Type.Null()])),
  fallthrough: Type.Optional(VariationOrRolloutSchema),
  targets: Type.Optional(Type.Array(Target)),
  contextTargets: Type.Optional(Type.Array(Target)),
  rules: Type.Optional(Type.Array(FlagRule)),
  prerequisites: Type.Optional(Type.Array(Prerequisite)),
  salt: Type.Optional(Type.String()),
  trackEvents: Type.Optional(Type.Boolean()),
  trackEventsFallthrough: Type.Optional(Type.Boolean()),
  debugEventsUntilDate: Type.Optional(Type.Union([Int, Type.Null()])),
  clientSide: Type.Optional(Type.Boolean()),
  clientSideAvailability: Type.Optional(
    Type.Object({
      usingMobileKey: Type.Optional(Type.Boolean()),
      usingEnvironmentId: Type.Optional(Type.Boolean()),
    }),
  ),
  deleted: Type.Optional(Type.Boolean()),
});

const SegmentTarget = Type.Object({ contextKind: Type.String(), values: Type.Array(Type.String()) });
const SegmentRule = Type.Object({
  id: Type.Optional(Type.String()),
  clauses: Type.Array(ClauseSchema),
  weight: Type.Optional(Type.Union([Int, Type.Null()])),
  bucketBy: Type.Optional(Type.String()),
  rolloutContextKind: Type.Optional(Type.String()),
});

export const SdkSegmentSchema = Type.Object({
  key: Type.Optional(Type.String()),
  version: Type.Optional(Int),
  included: Type.Optional(Type.Array(Type.String())),
  excluded: Type.Optional(Type.Array(Type.String())),
  includedContexts: Type.Optional(Type.Array(SegmentTarget)),
  excludedContexts: Type.Optional(Type.Array(SegmentTarget)),
  rules: Type.Optional(Type.Array(SegmentRule)),
  salt: Type.Optional(Type.String()),
  unbounded: Type.Optional(Type.Boolean()),
  unboundedContextKind: Type.Optional(Type.String()),
  generation: Type.Optional(Int),
  deleted: Type.Optional(Type.Boolean()),
});

export const SdkDataBody = Type.Object({
  flags: Type.Optional(Type.Record(Key, SdkFlagSchema)),
  segments: Type.Optional(Type.Record(Key, SdkSegmentSchema)),
});

const segmentFields = {
  name: Type.Optional(Type.String({ maxLength: 256 })),
  description: Type.Optional(Type.String({ maxLength: 4096 })),
  tags: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })),
  included: Type.Optional(Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 100000 })),
  excluded: Type.Optional(Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 100000 })),
  includedContexts: Type.Optional(Type.Array(SegmentTarget, { maxItems: 100 })),
  excludedContexts: Type.Optional(Type.Array(SegmentTarget, { maxItems: 100 })),
  rules: Type.Optional(Type.Array(SegmentRule, { maxItems: 1000 })),
};

export const SegmentBody = Type.Object(
  { ...segmentFields, version: Type.Optional(Type.Integer({ minimum: 0 })), comment: Comment },
  { additionalProperties: false },
);
export const NewSegmentBody = Type.Object(
  { key: Key, ...segmentFields, comment: Comment },
  { additionalProperties: false },
);
/** The query of a DELETE, which has no body: the comment travels as `?comment=`. */
export const CommentQuery = Type.Object({ comment: Comment });
export type SegmentBody = Static<typeof SegmentBody>;
