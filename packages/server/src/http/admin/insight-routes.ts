/**
 * What the SDKs reported, read back: evaluations per flag and variation, one flag's
 * series (per hour, or per UTC day from the per-day rollup) and the contexts that
 * evaluated it, custom event counts and recently seen contexts, per environment. Counts
 * are per UTC hour, so a window always starts at the top of an hour (of a day, for a
 * daily series).
 */
import type { Flag, FlagService, ProjectService } from '@switchyard/control-plane';
import type { HourWindow, InsightsReader, VariationCount } from '@switchyard/pipeline';
import { Type } from 'typebox';
import { ApiError } from '../../errors.js';
import { Key } from '../schemas.js';
import { FLAG_CONTEXTS_ATTRIBUTION, FlagContextsSchema, FlagSeriesSchema } from './insight-schemas.js';
import type { AdminApp } from './routes.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Longer than the retention window, so any window that still has data can be asked for. */
const MAX_HOURS = 31 * 24;

const EnvParams = Type.Object({ project: Key, env: Key });
const FlagEnvParams = Type.Object({ project: Key, env: Key, flag: Key });
const HoursQuery = Type.Object(
  { hours: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_HOURS, default: 24 })) },
  { additionalProperties: false },
);
const RangeQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    grain: Type.Optional(Type.Union([Type.Literal('hour'), Type.Literal('day')], { default: 'hour' })),
  },
  { additionalProperties: false },
);
const ContextsQuery = Type.Object(
  {
    kind: Type.Optional(Type.String({ pattern: '^[a-zA-Z0-9._-]{1,128}$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);

const FlagContextsQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })) },
  { additionalProperties: false },
);

/** GET …/insights/contexts: the contexts SDKs reported, most recently seen first. */
export interface SeenContextsBody {
  readonly contexts: readonly { readonly kind: string; readonly key: string; readonly lastSeen: string }[];
}

const hourOf = (epochMs: number) => Math.floor(epochMs / HOUR_MS) * HOUR_MS;
const dayOf = (epochMs: number) => Math.floor(epochMs / DAY_MS) * DAY_MS;
const iso = (epochMs: number) => new Date(epochMs).toISOString();

/** The last `hours` hours, the current one included. */
function lastHours(hours: number, now: number): HourWindow {
  return { from: hourOf(now) - (hours - 1) * HOUR_MS, to: now };
}

function range(from: string | undefined, to: string | undefined, now: number): HourWindow {
  const end = to === undefined ? now : Date.parse(to);
  const start = hourOf(from === undefined ? end - 24 * HOUR_MS : Date.parse(from));
  if (end <= start) throw new ApiError('VALIDATION_FAILED', '"from" must be earlier than "to"');
  if (end - start > MAX_HOURS * HOUR_MS) {
    throw new ApiError('VALIDATION_FAILED', `Ask for at most ${MAX_HOURS} hours (31 days) at a time`);
  }
  return { from: start, to: end };
}

/** Adds each variation's value from the flag's definition, when the flag and the index are known. */
function withValues(variations: readonly VariationCount[], flag: Flag | undefined) {
  return variations.map(({ variation, count }) =>
    variation !== null && flag !== undefined && variation < flag.variations.length
      ? { variation, value: flag.variations[variation], count }
      : { variation, count },
  );
}

/** Every flag of the project by key, archived ones too: SDKs may still evaluate them. */
async function definitions(flags: FlagService, project: string): Promise<Map<string, Flag>> {
  const [live, archived] = await Promise.all([flags.list(project), flags.list(project, { archived: true })]);
  return new Map([...live, ...archived].map((flag) => [flag.key, flag]));
}

export function insightRoutes(
  app: AdminApp,
  projects: ProjectService,
  flags: FlagService,
  insights: InsightsReader,
): void {
  app.get(
    '/projects/:project/environments/:env/insights/flags',
    { schema: { params: EnvParams, querystring: HoursQuery } },
    async (request) => {
      const { project, env } = request.params;
      await projects.getEnvironment(project, env);
      const window = lastHours(request.query.hours ?? 24, Date.now());
      const [totals, byKey] = await Promise.all([
        insights.flagTotals({ projectKey: project, environmentKey: env }, window),
        definitions(flags, project),
      ]);
      return {
        from: iso(window.from),
        to: iso(window.to),
        flags: totals.map(({ flagKey, total, variations }) => {
          const flag = byKey.get(flagKey);
          return {
            key: flagKey,
            ...(flag === undefined ? {} : { name: flag.name }),
            total,
            variations: withValues(variations, flag),
          };
        }),
      };
    },
  );

  app.get(
    '/projects/:project/environments/:env/insights/flags/:flag',
    { schema: { params: FlagEnvParams, querystring: RangeQuery, response: { 200: FlagSeriesSchema } } },
    async (request) => {
      const { project, env, flag: flagKey } = request.params;
      const { from, to, grain = 'hour' } = request.query;
      const asked = range(from, to, Date.now());
      // Whole UTC days: the one `from` falls in is read in full, as the rollup keeps it.
      const window = grain === 'day' ? { from: dayOf(asked.from), to: asked.to } : asked;
      await projects.getEnvironment(project, env);
      const scope = { projectKey: project, environmentKey: env };
      const [buckets, byKey] = await Promise.all([
        grain === 'day'
          ? insights
              .flagDaySeries(scope, flagKey, window)
              .then((days) => days.map(({ day, ...c }) => ({ at: day, ...c })))
          : insights
              .flagSeries(scope, flagKey, window)
              .then((hours) => hours.map(({ hour, ...c }) => ({ at: hour, ...c }))),
        definitions(flags, project),
      ]);
      const flag = byKey.get(flagKey);
      const points = buckets.map(({ at, total, variations }) => ({
        at: iso(at),
        total,
        variations: withValues(variations, flag),
      }));
      const head = { key: flagKey, from: iso(window.from), to: iso(window.to) };
      return grain === 'day'
        ? { ...head, grain, days: points.map(({ at, ...p }) => ({ day: at, ...p })) }
        : { ...head, grain, hours: points.map(({ at, ...p }) => ({ hour: at, ...p })) };
    },
  );

  app.get(
    '/projects/:project/environments/:env/insights/flags/:flag/contexts',
    {
      schema: {
        params: FlagEnvParams,
        querystring: FlagContextsQuery,
        response: { 200: FlagContextsSchema },
      },
    },
    async (request) => {
      const { project, env, flag } = request.params;
      await projects.getEnvironment(project, env);
      const contexts = await insights.flagContexts({ projectKey: project, environmentKey: env }, flag, {
        limit: request.query.limit ?? 20,
      });
      return {
        key: flag,
        attribution: FLAG_CONTEXTS_ATTRIBUTION,
        contexts: contexts.map(({ kind, key, lastSeen }) => ({ kind, key, lastSeen: iso(lastSeen) })),
      };
    },
  );

  app.get(
    '/projects/:project/environments/:env/insights/events',
    { schema: { params: EnvParams, querystring: HoursQuery } },
    async (request) => {
      const { project, env } = request.params;
      await projects.getEnvironment(project, env);
      const window = lastHours(request.query.hours ?? 24, Date.now());
      const events = await insights.customEventTotals({ projectKey: project, environmentKey: env }, window);
      return {
        from: iso(window.from),
        to: iso(window.to),
        events: events.map(({ eventKey, count, metricSum }) => ({ key: eventKey, count, metricSum })),
      };
    },
  );

  app.get(
    '/projects/:project/environments/:env/insights/contexts',
    { schema: { params: EnvParams, querystring: ContextsQuery } },
    async (request): Promise<SeenContextsBody> => {
      const { project, env } = request.params;
      await projects.getEnvironment(project, env);
      const { kind, limit = 100 } = request.query;
      const contexts = await insights.recentContexts(
        { projectKey: project, environmentKey: env },
        { limit, ...(kind === undefined ? {} : { kind }) },
      );
      return {
        contexts: contexts.map(({ kind, key, lastSeen }) => ({ kind, key, lastSeen: iso(lastSeen) })),
      };
    },
  );
}
