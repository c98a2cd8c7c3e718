/**
 * Response schemas of the insight views the dashboard draws: they document the answers
 * in the OpenAPI document and give the dashboard its types (admin-types).
 */
import { type Static, Type } from 'typebox';

const Iso = Type.String({ format: 'date-time' });
const Count = Type.Integer({ minimum: 0 });

export const StaleKindSchema = Type.Union([Type.Literal('not-evaluated'), Type.Literal('one-variation')], {
  description:
    'not-evaluated: no evaluations in the window; one-variation: a temporary flag that served one variation to everyone',
});

export const StaleSignalSchema = Type.Object({
  kind: StaleKindSchema,
  action: Type.Union([Type.Literal('archive'), Type.Literal('make-permanent')], {
    description: 'what to do next: archive it, or make it permanent (or remove it from code)',
  }),
});
export type StaleSignal = Static<typeof StaleSignalSchema>;

export const FlagSummarySchema = Type.Object({
  key: Type.String(),
  name: Type.String(),
  total: Count,
  lastEvaluated: Type.Union([Iso, Type.Null()], {
    description: 'the start of the latest hour with evaluations in the window',
  }),
  variationsServed: Count,
  stale: Type.Union([StaleSignalSchema, Type.Null()], {
    description: 'only for flags that existed for the whole window',
  }),
});

export const InsightSummarySchema = Type.Object({
  from: Iso,
  to: Iso,
  days: Type.Integer({ minimum: 1 }),
  flags: Type.Array(FlagSummarySchema),
});
export type InsightSummaryBody = Static<typeof InsightSummarySchema>;

export const FlagEnvironmentsSchema = Type.Object({
  from: Iso,
  to: Iso,
  environments: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      total: Count,
      lastEvaluated: Type.Union([Iso, Type.Null()]),
    }),
  ),
});
export type FlagEnvironmentsBody = Static<typeof FlagEnvironmentsSchema>;

const VariationCountSchema = Type.Object({
  variation: Type.Union([Type.Integer(), Type.Null()]),
  value: Type.Optional(Type.Unknown()),
  count: Count,
});

/** Per hour (the default), or per UTC day from the per-day rollup with `?grain=day`. */
export const FlagSeriesSchema = Type.Union([
  Type.Object({
    key: Type.String(),
    grain: Type.Literal('hour'),
    from: Iso,
    to: Iso,
    hours: Type.Array(Type.Object({ hour: Iso, total: Count, variations: Type.Array(VariationCountSchema) })),
  }),
  Type.Object({
    key: Type.String(),
    grain: Type.Literal('day'),
    from: Iso,
    to: Iso,
    days: Type.Array(Type.Object({ day: Iso, total: Count, variations: Type.Array(VariationCountSchema) })),
  }),
]);
export type FlagSeriesBody = Static<typeof FlagSeriesSchema>;

/** What the per-flag contexts are made from, said wherever they are shown (docs/adr/0021). */
export const FLAG_CONTEXTS_ATTRIBUTION = 'contexts seen in feature events and single-context payloads';

export const FlagContextsSchema = Type.Object({
  key: Type.String(),
  attribution: Type.String({
    description:
      'which events the list comes from: feature (and debug) events, summaries that name their context, and ' +
      "client-side or mobile payloads that name exactly one context; a server-side SDK's summaries are not " +
      'attributed, so flags evaluated without feature events list no contexts from server-side SDKs',
  }),
  contexts: Type.Array(
    Type.Object({
      kind: Type.String(),
      key: Type.String(),
      lastSeen: Iso,
    }),
    { description: 'most recently seen first; at most the latest 100 are kept per flag and environment' },
  ),
});
export type FlagContextsBody = Static<typeof FlagContextsSchema>;

export const CustomEventSeriesSchema = Type.Object({
  from: Iso,
  to: Iso,
  events: Type.Array(Type.Object({ key: Type.String(), count: Count, metricSum: Type.Number() })),
  hours: Type.Array(
    Type.Object({ hour: Iso, events: Type.Array(Type.Object({ key: Type.String(), count: Count })) }),
  ),
});
export type CustomEventSeriesBody = Static<typeof CustomEventSeriesSchema>;
