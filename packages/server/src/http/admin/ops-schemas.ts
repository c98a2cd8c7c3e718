/**
 * Response schemas of the operators' console routes: they document the answers in the
 * OpenAPI document and give the dashboard and the CLI their types (admin-types).
 */
import { type Static, Type } from 'typebox';

const Iso = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const ActorSchema = Type.Object({
  kind: Type.Union([Type.Literal('token'), Type.Literal('user'), Type.Literal('system')]),
  id: Type.Optional(Type.String()),
  name: Type.String(),
  email: Type.Optional(Type.String()),
});

export const OverrideKindSchema = Type.Union([
  Type.Literal('kill-switch'),
  Type.Literal('sampling'),
  Type.Literal('per-second-limit'),
]);

export const OverrideSchema = Type.Object({
  id: Type.String(),
  accountKey: Type.String(),
  kind: OverrideKindSchema,
  value: Type.Union([Type.Boolean(), Type.Number()], {
    description: 'false for a cut-off; the sampling ratio; the events per second',
  }),
  reason: Type.String(),
  setAt: Iso,
  setBy: ActorSchema,
  expiresAt: Nullable(Iso),
  endedAt: Nullable(Iso),
  endedBy: Nullable(ActorSchema),
  end: Nullable(Type.Union([Type.Literal('lifted'), Type.Literal('expired'), Type.Literal('replaced')])),
});
export type OverrideBody = Static<typeof OverrideSchema>;
