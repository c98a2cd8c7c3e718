/**
 * The insight views the dashboard needs in one request each: every flag's last 30 days
 * with its stale signal (the flag list), one flag's totals per environment (its page),
 * and custom events per hour (the events page). The first two read the per-day rollup
 * (migration 0009), so the flag list costs the same with a month of hourly data.
 */
import type { FlagService, ProjectService } from '@switchyard/control-plane';
import type { InsightsReader } from '@switchyard/pipeline';
import { Type } from 'typebox';
import { Key } from '../schemas.js';
import {
  type CustomEventSeriesBody,
  CustomEventSeriesSchema,
  type FlagEnvironmentsBody,
  FlagEnvironmentsSchema,
  type InsightSummaryBody,
  InsightSummarySchema,
} from './insight-schemas.js';
import type { AdminApp } from './routes.js';
import { staleSignal, variationsServed } from './stale-flags.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** The retention window: older days are pruned. */
const MAX_DAYS = 30;

const EnvParams = Type.Object({ project: Key, env: Key });
const FlagParams = Type.Object({ project: Key, flag: Key });
const DaysQuery = Type.Object(
  { days: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DAYS, default: MAX_DAYS })) },
  { additionalProperties: false },
);
const HoursQuery = Type.Object(
  { hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 31 * 24, default: 24 })) },
  { additionalProperties: false },
);

const iso = (epochMs: number) => new Date(epochMs).toISOString();

/** The last `days` UTC days, today included. */
function lastDays(days: number, now: number) {
  return { from: now - (now % DAY_MS) - (days - 1) * DAY_MS, to: now };
}

export function insightSummaryRoutes(
  app: AdminApp,
  projects: ProjectService,
  flags: FlagService,
  insights: InsightsReader,
): void {
  app.get(
    '/projects/:project/environments/:env/insights/summary',
    { schema: { params: EnvParams, querystring: DaysQuery, response: { 200: InsightSummarySchema } } },
    async (request): Promise<InsightSummaryBody> => {
      const { project, env } = request.params;
      await projects.getEnvironment(project, env);
      const days = request.query.days ?? MAX_DAYS;
      const window = lastDays(days, Date.now());
      const [totals, defined] = await Promise.all([
        insights.flagDayTotals({ projectKey: project, environmentKey: env }, window),
        flags.list(project),
      ]);
      const byKey = new Map(totals.map((t) => [t.flagKey, t]));
      return {
        from: iso(window.from),
        to: iso(window.to),
        days,
        flags: defined.map((flag) => {
          const found = byKey.get(flag.key);
          return {
            key: flag.key,
            name: flag.name,
            total: found?.total ?? 0,
            lastEvaluated: found === undefined ? null : iso(found.lastEvaluated),
            variationsServed: variationsServed(found),
            stale: staleSignal(flag, found, window.from),
          };
        }),
      };
    },
  );

  app.get(
    '/projects/:project/flags/:flag/insights/environments',
    { schema: { params: FlagParams, querystring: DaysQuery, response: { 200: FlagEnvironmentsSchema } } },
    async (request): Promise<FlagEnvironmentsBody> => {
      const { project, flag } = request.params;
      await flags.get(project, flag);
      const window = lastDays(request.query.days ?? MAX_DAYS, Date.now());
      const [totals, environments] = await Promise.all([
        insights.flagEnvironmentTotals(project, flag, window),
        projects.listEnvironments(project),
      ]);
      const byKey = new Map(totals.map((t) => [t.environmentKey, t]));
      return {
        from: iso(window.from),
        to: iso(window.to),
        environments: environments.map((e) => {
          const found = byKey.get(e.key);
          return {
            key: e.key,
            name: e.name,
            total: found?.total ?? 0,
            lastEvaluated: found === undefined ? null : iso(found.lastEvaluated),
          };
        }),
      };
    },
  );

  app.get(
    '/projects/:project/environments/:env/insights/events/series',
    { schema: { params: EnvParams, querystring: HoursQuery, response: { 200: CustomEventSeriesSchema } } },
    async (request): Promise<CustomEventSeriesBody> => {
      const { project, env } = request.params;
      await projects.getEnvironment(project, env);
      const now = Date.now();
      const window = { from: now - (now % HOUR_MS) - ((request.query.hours ?? 24) - 1) * HOUR_MS, to: now };
      const scope = { projectKey: project, environmentKey: env };
      const [totals, series] = await Promise.all([
        insights.customEventTotals(scope, window),
        insights.customEventSeries(scope, window),
      ]);
      return {
        from: iso(window.from),
        to: iso(window.to),
        events: totals.map(({ eventKey, count, metricSum }) => ({ key: eventKey, count, metricSum })),
        hours: series.map(({ hour, events }) => ({
          hour: iso(hour),
          events: events.map(({ eventKey, count }) => ({ key: eventKey, count })),
        })),
      };
    },
  );
}
