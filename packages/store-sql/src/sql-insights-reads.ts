/**
 * Reads of the insights rollups for the admin API. Sums are taken in SQL; shaping
 * (per flag, per hour) in memory, over rows already bounded by the window.
 */
import type {
  CustomEventTotals,
  DailyEvaluations,
  EnvironmentDayTotals,
  FlagDayTotals,
  FlagEvaluationTotals,
  HourlyCustomEvents,
  HourlyEvaluations,
  HourWindow,
  InsightsReader,
  InsightsScope,
  SeenContext,
  VariationCount,
} from '@switchyard/pipeline';
import { type Kysely, sql } from 'kysely';
import type { Database } from './database.js';

/** A flag's evaluations are kept per hour and, rolled up, per UTC day (migration 0009). */
const ROLLUPS = {
  hour: { table: 'insight_evaluations', bucket: 'hour' },
  day: { table: 'insight_evaluation_days', bucket: 'day' },
} as const;

/** The contexts kept per flag and environment: the latest ones, trimmed at every apply. */
export const FLAG_CONTEXTS_KEPT = 100;

/** How the unknown variation is stored: a primary key column cannot be null. */
export const UNKNOWN_VARIATION = -1;

const variationOf = (stored: number): number | null => (stored === UNKNOWN_VARIATION ? null : Number(stored));

/** Known variations in index order, then the unknown one. */
function byVariation(a: VariationCount, b: VariationCount): number {
  return (a.variation ?? Number.MAX_SAFE_INTEGER) - (b.variation ?? Number.MAX_SAFE_INTEGER);
}

interface Group<K> {
  readonly key: K;
  total: number;
  readonly variations: VariationCount[];
}

function groupCounts<K>(rows: readonly { key: K; variation: number; count: unknown }[]): Group<K>[] {
  const groups = new Map<K, Group<K>>();
  for (const row of rows) {
    const count = Number(row.count);
    let group = groups.get(row.key);
    if (group === undefined) {
      group = { key: row.key, total: 0, variations: [] };
      groups.set(row.key, group);
    }
    group.total += count;
    group.variations.push({ variation: variationOf(row.variation), count });
  }
  for (const group of groups.values()) group.variations.sort(byVariation);
  return [...groups.values()];
}

const seenContext = (row: {
  context_kind: string;
  context_key: string;
  last_seen: unknown;
}): SeenContext => ({
  kind: row.context_kind,
  key: row.context_key,
  lastSeen: Number(row.last_seen),
});

export class SqlInsightsReads implements InsightsReader {
  constructor(protected readonly db: Kysely<Database>) {}

  async flagTotals(scope: InsightsScope, window: HourWindow): Promise<FlagEvaluationTotals[]> {
    const rows = await this.db
      .selectFrom('insight_evaluations')
      .select((eb) => ['flag_key as key', 'variation', eb.fn.sum<number | string>('count').as('count')])
      .where('project_key', '=', scope.projectKey)
      .where('environment_key', '=', scope.environmentKey)
      .where('hour', '>=', window.from)
      .where('hour', '<', window.to)
      .groupBy(['flag_key', 'variation'])
      .execute();
    return groupCounts(rows)
      .map(({ key, total, variations }) => ({ flagKey: key, total, variations }))
      .sort((a, b) => b.total - a.total || (a.flagKey < b.flagKey ? -1 : 1));
  }

  flagSeries(scope: InsightsScope, flagKey: string, window: HourWindow): Promise<HourlyEvaluations[]> {
    return this.flagBuckets('hour', scope, flagKey, window).then((buckets) =>
      buckets.map(({ start, ...counts }) => ({ hour: start, ...counts })),
    );
  }

  flagDaySeries(scope: InsightsScope, flagKey: string, days: HourWindow): Promise<DailyEvaluations[]> {
    return this.flagBuckets('day', scope, flagKey, days).then((buckets) =>
      buckets.map(({ start, ...counts }) => ({ day: start, ...counts })),
    );
  }

  /** One flag's counts per bucket of a rollup (hours, or UTC days), oldest first. */
  private async flagBuckets(
    grain: 'hour' | 'day',
    scope: InsightsScope,
    flagKey: string,
    window: HourWindow,
  ) {
    const { table, bucket } = ROLLUPS[grain];
    const at = sql.ref<number | string>(bucket);
    const rows = await this.db
      .selectFrom(table)
      .select([at.as('start'), 'variation', 'count'])
      .where('project_key', '=', scope.projectKey)
      .where('environment_key', '=', scope.environmentKey)
      .where('flag_key', '=', flagKey)
      .where(at, '>=', window.from)
      .where(at, '<', window.to)
      .execute();
    return groupCounts(
      rows.map((row) => ({ key: Number(row.start), variation: row.variation, count: row.count })),
    )
      .map(({ key, total, variations }) => ({ start: key, total, variations }))
      .sort((a, b) => a.start - b.start);
  }

  async flagDayTotals(scope: InsightsScope, days: HourWindow): Promise<FlagDayTotals[]> {
    const rows = await this.db
      .selectFrom('insight_evaluation_days')
      .select((eb) => [
        'flag_key as key',
        'variation',
        eb.fn.sum<number | string>('count').as('count'),
        eb.fn.max('last_hour').as('last_hour'),
      ])
      .where('project_key', '=', scope.projectKey)
      .where('environment_key', '=', scope.environmentKey)
      .where('day', '>=', days.from)
      .where('day', '<', days.to)
      .groupBy(['flag_key', 'variation'])
      .execute();
    const last = new Map<string, number>();
    for (const row of rows) last.set(row.key, Math.max(last.get(row.key) ?? 0, Number(row.last_hour)));
    return groupCounts(rows)
      .map(({ key, total, variations }) => ({
        flagKey: key,
        total,
        lastEvaluated: last.get(key) ?? 0,
        variations,
      }))
      .sort((a, b) => (a.flagKey < b.flagKey ? -1 : 1));
  }

  async flagEnvironmentTotals(
    projectKey: string,
    flagKey: string,
    days: HourWindow,
  ): Promise<EnvironmentDayTotals[]> {
    const rows = await this.db
      .selectFrom('insight_evaluation_days')
      .select((eb) => [
        'environment_key',
        eb.fn.sum<number | string>('count').as('count'),
        eb.fn.max('last_hour').as('last_hour'),
      ])
      .where('project_key', '=', projectKey)
      .where('flag_key', '=', flagKey)
      .where('day', '>=', days.from)
      .where('day', '<', days.to)
      .groupBy('environment_key')
      .orderBy('environment_key')
      .execute();
    return rows.map((row) => ({
      environmentKey: row.environment_key,
      total: Number(row.count),
      lastEvaluated: Number(row.last_hour),
    }));
  }

  async customEventTotals(scope: InsightsScope, window: HourWindow): Promise<CustomEventTotals[]> {
    const rows = await this.db
      .selectFrom('insight_custom_events')
      .select((eb) => [
        'event_key',
        eb.fn.sum<number | string>('count').as('count'),
        eb.fn.sum<number | string>('metric_sum').as('metric_sum'),
      ])
      .where('project_key', '=', scope.projectKey)
      .where('environment_key', '=', scope.environmentKey)
      .where('hour', '>=', window.from)
      .where('hour', '<', window.to)
      .groupBy('event_key')
      .execute();
    return rows
      .map((row) => ({
        eventKey: row.event_key,
        count: Number(row.count),
        metricSum: Number(row.metric_sum),
      }))
      .sort((a, b) => b.count - a.count || (a.eventKey < b.eventKey ? -1 : 1));
  }

  async customEventSeries(scope: InsightsScope, window: HourWindow): Promise<HourlyCustomEvents[]> {
    const rows = await this.db
      .selectFrom('insight_custom_events')
      .select(['hour', 'event_key', 'count'])
      .where('project_key', '=', scope.projectKey)
      .where('environment_key', '=', scope.environmentKey)
      .where('hour', '>=', window.from)
      .where('hour', '<', window.to)
      .orderBy('hour')
      .orderBy('event_key')
      .execute();
    const hours = new Map<number, { eventKey: string; count: number }[]>();
    for (const row of rows) {
      const hour = Number(row.hour);
      const events = hours.get(hour) ?? [];
      events.push({ eventKey: row.event_key, count: Number(row.count) });
      hours.set(hour, events);
    }
    return [...hours].map(([hour, events]) => ({ hour, events }));
  }

  async recentContexts(
    scope: InsightsScope,
    options: { readonly kind?: string; readonly limit: number },
  ): Promise<SeenContext[]> {
    let query = this.db
      .selectFrom('insight_contexts')
      .select(['context_kind', 'context_key', 'last_seen'])
      .where('project_key', '=', scope.projectKey)
      .where('environment_key', '=', scope.environmentKey);
    if (options.kind !== undefined) query = query.where('context_kind', '=', options.kind);
    const rows = await query
      .orderBy('last_seen', 'desc')
      .orderBy('context_kind')
      .orderBy('context_key')
      .limit(options.limit)
      .execute();
    return rows.map(seenContext);
  }

  async flagContexts(
    scope: InsightsScope,
    flagKey: string,
    options: { readonly limit: number },
  ): Promise<SeenContext[]> {
    const rows = await this.db
      .selectFrom('insight_flag_contexts')
      .select(['context_kind', 'context_key', 'last_seen'])
      .where('project_key', '=', scope.projectKey)
      .where('environment_key', '=', scope.environmentKey)
      .where('flag_key', '=', flagKey)
      .orderBy('last_seen', 'desc')
      .orderBy('context_kind')
      .orderBy('context_key')
      .limit(Math.min(options.limit, FLAG_CONTEXTS_KEPT))
      .execute();
    return rows.map(seenContext);
  }
}
