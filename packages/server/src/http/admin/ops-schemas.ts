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

const Count = Type.Integer({ minimum: 0 });

export const NodeSchema = Type.Object({
  node: Type.String({ description: 'the node’s id for this run (a new one after each start)' }),
  self: Type.Boolean({ description: 'the node that answered' }),
  alive: Type.Boolean({ description: 'its last heartbeat is recent (within two and a half beats)' }),
  version: Type.String(),
  pid: Type.Integer(),
  startedAt: Iso,
  heartbeatAt: Iso,
  database: Type.Object({
    up: Type.Boolean(),
    changeFeed: Type.Union([Type.Literal('connected'), Type.Literal('reconnecting')]),
  }),
  broker: Type.Union([
    Type.Literal('none'),
    Type.Literal('connected'),
    Type.Literal('blocked'),
    Type.Literal('down'),
  ]),
  publishingChannels: Count,
  spool: Type.Object({ batches: Count, bytes: Count, oldestAgeMs: Nullable(Type.Number()) }),
  consumer: Type.Union([Type.Literal('in-process'), Type.Literal('thread'), Type.Literal('none')]),
  consumerLag: Nullable(Count),
  streams: Count,
});
export type NodeBody = Static<typeof NodeSchema>;

export const ClusterDeliverySchema = Type.Object({
  environment: Type.String(),
  nodes: Type.Array(
    Type.Object({
      node: Type.String(),
      self: Type.Boolean(),
      alive: Type.Boolean(),
      heartbeatAt: Iso,
      dataVersion: Nullable(Type.Integer()),
      streams: Count,
    }),
  ),
  changes: Type.Array(
    Type.Object({
      version: Type.Integer(),
      items: Type.Array(Type.String()),
      committedAt: Iso,
      streams: Count,
      reached: Count,
      nodesBehind: Type.Array(Type.String()),
      slowestMs: Nullable(Type.Number()),
      slowestNode: Nullable(Type.String()),
      dropped: Count,
    }),
  ),
});
export type ClusterDeliveryBody = Static<typeof ClusterDeliverySchema>;

const Rate = Type.Object({ offered: Type.Number(), accepted: Type.Number() });

export const AccountOverviewSchema = Type.Object({
  key: Type.String(),
  name: Type.String(),
  plan: Type.String(),
  rate: Rate,
  acceptedPerMinute: Type.Array(Type.Number(), { description: 'the last 15 minutes, oldest first' }),
  usage: Type.Object({
    accepted: Count,
    monthlyLimit: Nullable(Count),
    percentUsed: Nullable(Type.Number()),
  }),
  limits: Type.Object({
    eventsPerSecond: Nullable(Count),
    effectiveEventsPerSecond: Nullable(Count),
  }),
  dropped: Type.Record(Type.String(), Count, {
    description: 'this month, by reason: kill-switch, rate-limit, quota, sampling, shed, circuit-breaker',
  }),
  invalidPayloads: Count,
  killSwitch: Type.Object({
    engaged: Type.Boolean(),
    since: Nullable(Iso),
    reason: Nullable(Type.String()),
    by: Nullable(ActorSchema),
    expiresAt: Nullable(Iso),
    overrideId: Nullable(Type.String()),
  }),
  breaker: Type.Object({
    engaged: Type.Boolean(),
    by: Nullable(Type.Union([Type.Literal('circuit-breaker'), Type.Literal('operator')])),
    since: Nullable(Iso),
    expiresAt: Nullable(Iso),
    ruleId: Nullable(Type.String()),
  }),
  overrides: Type.Array(OverrideSchema),
});

export const AccountsOverviewSchema = Type.Object({
  generatedAt: Iso,
  month: Type.String(),
  seriesStart: Iso,
  nodes: Count,
  items: Type.Array(AccountOverviewSchema),
});
export type AccountsOverviewBody = Static<typeof AccountsOverviewSchema>;

const Dropped = Type.Record(Type.String(), Count, {
  description: 'by reason: kill-switch, rate-limit, quota, sampling, shed, circuit-breaker',
});
const SeriesCounts = {
  accepted: Count,
  offered: Type.Integer({ minimum: 0, description: 'accepted plus dropped' }),
  dropped: Dropped,
};

export const AccountSeriesSchema = Type.Object({
  account: Type.String(),
  range: Type.Union([Type.Literal('hour'), Type.Literal('day'), Type.Literal('week')]),
  grain: Type.Union([Type.Literal('minute'), Type.Literal('hour')]),
  from: Iso,
  to: Iso,
  points: Type.Array(Type.Object({ at: Iso, ...SeriesCounts }), {
    description: 'oldest first, one per minute (hour) or hour (day, week); the current one last',
  }),
  totals: Type.Object(SeriesCounts),
});
export type AccountSeriesBody = Static<typeof AccountSeriesSchema>;
