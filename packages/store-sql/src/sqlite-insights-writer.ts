/**
 * The insights apply on SQLite, through better-sqlite3's prepared statements. Kysely
 * builds and compiles a multi-row upsert afresh for every apply, about 2.5 µs per row
 * before SQLite does anything; a consumer applies thousands of rows a second, so on
 * SQLite each row runs one cached single-row statement inside one synchronous
 * transaction instead. PostgreSQL keeps the multi-row statements, where each round
 * trip costs far more than building it.
 */
import { type FoldedBatch, mergeFolded } from '@switchyard/pipeline';
import type SQLite from 'better-sqlite3';
import { dayRows } from './insight-day-rows.js';
import { FLAG_CONTEXTS_KEPT, UNKNOWN_VARIATION } from './sql-insights-reads.js';

const RECORD_PAYLOAD = `INSERT INTO processed_payloads (project_key, environment_key, payload_id, processed_at)
  VALUES (?, ?, ?, ?)
  ON CONFLICT (project_key, environment_key, payload_id) DO NOTHING`;

const ADD_EVALUATIONS = `INSERT INTO insight_evaluations (project_key, environment_key, flag_key, variation, hour, count)
  VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (project_key, environment_key, flag_key, variation, hour)
  DO UPDATE SET count = count + excluded.count`;

const ADD_EVALUATION_DAYS = `INSERT INTO insight_evaluation_days
    (project_key, environment_key, flag_key, variation, day, count, last_hour)
  VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (project_key, environment_key, day, flag_key, variation)
  DO UPDATE SET count = count + excluded.count, last_hour = max(last_hour, excluded.last_hour)`;

const ADD_CUSTOM_EVENTS = `INSERT INTO insight_custom_events (project_key, environment_key, event_key, hour, count, metric_sum)
  VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (project_key, environment_key, event_key, hour)
  DO UPDATE SET count = count + excluded.count, metric_sum = metric_sum + excluded.metric_sum`;

// A redelivered or late batch must not move "last seen" backwards.
const SEE_CONTEXTS = `INSERT INTO insight_contexts (project_key, environment_key, context_kind, context_key, last_seen)
  VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (project_key, environment_key, context_kind, context_key)
  DO UPDATE SET last_seen = max(last_seen, excluded.last_seen)`;

const SEE_FLAG_CONTEXTS = `INSERT INTO insight_flag_contexts
    (project_key, environment_key, flag_key, context_kind, context_key, last_seen)
  VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (project_key, environment_key, flag_key, context_kind, context_key)
  DO UPDATE SET last_seen = max(last_seen, excluded.last_seen)`;

// Keeps a flag's latest FLAG_CONTEXTS_KEPT contexts in an environment.
const TRIM_FLAG_CONTEXTS = `DELETE FROM insight_flag_contexts
  WHERE project_key = @project AND environment_key = @environment AND flag_key = @flag
    AND (context_kind, context_key) IN (
      SELECT context_kind, context_key FROM insight_flag_contexts
      WHERE project_key = @project AND environment_key = @environment AND flag_key = @flag
      ORDER BY last_seen DESC, context_kind, context_key
      LIMIT -1 OFFSET ${FLAG_CONTEXTS_KEPT})`;

export class SqliteInsightsWriter {
  private readonly applyAll: (batches: readonly FoldedBatch[], processedAt: number) => void;

  /** Prepares its statements, so the insights tables must exist: call it after migrating. */
  constructor(database: SQLite.Database) {
    const recordPayload = database.prepare(RECORD_PAYLOAD);
    const addEvaluations = database.prepare(ADD_EVALUATIONS);
    const addEvaluationDays = database.prepare(ADD_EVALUATION_DAYS);
    const addCustomEvents = database.prepare(ADD_CUSTOM_EVENTS);
    const seeContexts = database.prepare(SEE_CONTEXTS);
    const seeFlagContexts = database.prepare(SEE_FLAG_CONTEXTS);
    const trimFlagContexts = database.prepare(TRIM_FLAG_CONTEXTS);
    const transaction = database.transaction((batches: readonly FoldedBatch[], processedAt: number) => {
      // Only the posts whose payload ID is recorded here, first, add their counts.
      const fresh = batches.filter(
        (b) => recordPayload.run(b.projectKey, b.environmentKey, b.payloadId, processedAt).changes === 1,
      );
      if (fresh.length === 0) return;
      const folded = mergeFolded(fresh);
      for (const e of folded.evaluations) {
        addEvaluations.run(
          e.projectKey,
          e.environmentKey,
          e.flagKey,
          e.variation ?? UNKNOWN_VARIATION,
          e.hour,
          e.count,
        );
      }
      for (const d of dayRows(folded.evaluations)) {
        addEvaluationDays.run(
          d.project_key,
          d.environment_key,
          d.flag_key,
          d.variation,
          d.day,
          d.count,
          d.last_hour,
        );
      }
      for (const e of folded.customEvents) {
        addCustomEvents.run(e.projectKey, e.environmentKey, e.eventKey, e.hour, e.count, e.metricSum);
      }
      for (const c of folded.contexts) {
        seeContexts.run(c.projectKey, c.environmentKey, c.contextKind, c.contextKey, c.lastSeen);
      }
      const touched = new Map<string, { project: string; environment: string; flag: string }>();
      for (const c of folded.flagContexts) {
        seeFlagContexts.run(
          c.projectKey,
          c.environmentKey,
          c.flagKey,
          c.contextKind,
          c.contextKey,
          c.lastSeen,
        );
        touched.set(JSON.stringify([c.projectKey, c.environmentKey, c.flagKey]), {
          project: c.projectKey,
          environment: c.environmentKey,
          flag: c.flagKey,
        });
      }
      for (const flag of touched.values()) trimFlagContexts.run(flag);
    });
    // IMMEDIATE takes the write lock up front, as every other transaction on SQLite does here.
    this.applyAll = (batches, processedAt) => transaction.immediate(batches, processedAt);
  }

  /** Applies posts with distinct payload IDs in one transaction; synchronous, as better-sqlite3 is. */
  apply(batches: readonly FoldedBatch[], processedAt: number): void {
    this.applyAll(batches, processedAt);
  }
}
