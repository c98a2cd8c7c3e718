/**
 * The insights store: consumers apply folded posts here (the pipeline's
 * InsightsSink), the admin API reads them back, and `prune` keeps them bounded.
 * Each `apply` is one transaction that records the posts' payload IDs and adds the
 * counts of only those it recorded first, so a redelivered post counts once, even
 * when two consumers apply it at the same time.
 */
import { type FoldedBatch, hourOf, type InsightsSink, mergeFolded } from '@switchyard/pipeline';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';
import { dayOf, dayRows } from './insight-day-rows.js';
import { addFlagContexts } from './pg-flag-contexts.js';
import { chunks, sorted } from './sql-chunks.js';
import { SqlInsightsReads, UNKNOWN_VARIATION } from './sql-insights-reads.js';
import type { SqliteInsightsWriter } from './sqlite-insights-writer.js';

const HOUR_MS = 3_600_000;

export interface InsightsRetention {
  /** How long hourly counts and last-seen contexts are kept; 30 days by default. */
  readonly windowMs?: number;
  /** How long applied payload IDs are remembered; 48 hours by default. Keep it above the spool's age cap. */
  readonly payloadMs?: number;
}

export interface InsightsPruned {
  readonly evaluations: number;
  readonly customEvents: number;
  readonly contexts: number;
  readonly flagContexts: number;
  readonly payloads: number;
}

const payloadId = (projectKey: string, environmentKey: string, id: string) =>
  JSON.stringify([projectKey, environmentKey, id]);

export class SqlInsights extends SqlInsightsReads implements InsightsSink {
  private readonly windowMs: number;
  private readonly payloadMs: number;

  constructor(
    db: Kysely<Database>,
    private readonly now: () => number = Date.now,
    retention: InsightsRetention = {},
    /** On SQLite, the prepared-statement apply over the same connection as `db`. */
    private readonly sqlite?: SqliteInsightsWriter,
  ) {
    super(db);
    this.windowMs = retention.windowMs ?? 30 * 24 * HOUR_MS;
    this.payloadMs = retention.payloadMs ?? 48 * HOUR_MS;
  }

  async apply(batches: readonly FoldedBatch[]): Promise<void> {
    const unique = new Map<string, FoldedBatch>();
    for (const batch of batches) {
      const id = payloadId(batch.projectKey, batch.environmentKey, batch.payloadId);
      if (!unique.has(id)) unique.set(id, batch);
    }
    if (unique.size === 0) return;
    const processedAt = this.now();
    const sqlite = this.sqlite;
    if (sqlite !== undefined) {
      // Holding Kysely's connection keeps this off a Kysely transaction open on the same
      // connection (better-sqlite3 would nest it as a savepoint of that one).
      await this.db.connection().execute(async () => sqlite.apply([...unique.values()], processedAt));
      return;
    }
    await this.db.transaction().execute(async (trx) => {
      const fresh = await this.recordPayloads(trx, unique, processedAt);
      if (fresh.length > 0) await this.addIncrements(trx, fresh);
    });
  }

  /** Inserts the payload IDs; returns the batches whose ID was not there yet. */
  private async recordPayloads(
    trx: Transaction<Database>,
    byId: ReadonlyMap<string, FoldedBatch>,
    processedAt: number,
  ): Promise<FoldedBatch[]> {
    const rows = sorted(
      [...byId.values()].map((b) => ({
        project_key: b.projectKey,
        environment_key: b.environmentKey,
        payload_id: b.payloadId,
        processed_at: processedAt,
      })),
      (r) => [r.project_key, r.environment_key, r.payload_id],
    );
    const fresh: FoldedBatch[] = [];
    for (const chunk of chunks(rows)) {
      const inserted = await trx
        .insertInto('processed_payloads')
        .values(chunk)
        .onConflict((oc) => oc.columns(['project_key', 'environment_key', 'payload_id']).doNothing())
        .returning(['project_key', 'environment_key', 'payload_id'])
        .execute();
      for (const row of inserted) {
        const batch = byId.get(payloadId(row.project_key, row.environment_key, row.payload_id));
        if (batch !== undefined) fresh.push(batch);
      }
    }
    return fresh;
  }

  private async addIncrements(trx: Transaction<Database>, batches: readonly FoldedBatch[]): Promise<void> {
    const folded = mergeFolded(batches);
    const evaluations = sorted(
      folded.evaluations.map((e) => ({
        project_key: e.projectKey,
        environment_key: e.environmentKey,
        flag_key: e.flagKey,
        variation: e.variation ?? UNKNOWN_VARIATION,
        hour: e.hour,
        count: e.count,
      })),
      (r) => [r.project_key, r.environment_key, r.flag_key, r.variation, r.hour],
    );
    for (const chunk of chunks(evaluations)) {
      await trx
        .insertInto('insight_evaluations')
        .values(chunk)
        .onConflict((oc) =>
          oc
            .columns(['project_key', 'environment_key', 'flag_key', 'variation', 'hour'])
            .doUpdateSet((eb) => ({
              count: eb(eb.ref('insight_evaluations.count'), '+', eb.ref('excluded.count')),
            })),
        )
        .execute();
    }
    const days = sorted(dayRows(folded.evaluations), (r) => [
      r.project_key,
      r.environment_key,
      r.day,
      r.flag_key,
      r.variation,
    ]);
    for (const chunk of chunks(days)) {
      await trx
        .insertInto('insight_evaluation_days')
        .values(chunk)
        .onConflict((oc) =>
          oc
            .columns(['project_key', 'environment_key', 'day', 'flag_key', 'variation'])
            .doUpdateSet((eb) => ({
              count: eb(eb.ref('insight_evaluation_days.count'), '+', eb.ref('excluded.count')),
              last_hour: eb
                .case()
                .when(eb.ref('excluded.last_hour'), '>', eb.ref('insight_evaluation_days.last_hour'))
                .then(eb.ref('excluded.last_hour'))
                .else(eb.ref('insight_evaluation_days.last_hour'))
                .end(),
            })),
        )
        .execute();
    }
    const customEvents = sorted(
      folded.customEvents.map((e) => ({
        project_key: e.projectKey,
        environment_key: e.environmentKey,
        event_key: e.eventKey,
        hour: e.hour,
        count: e.count,
        metric_sum: e.metricSum,
      })),
      (r) => [r.project_key, r.environment_key, r.event_key, r.hour],
    );
    for (const chunk of chunks(customEvents)) {
      await trx
        .insertInto('insight_custom_events')
        .values(chunk)
        .onConflict((oc) =>
          oc.columns(['project_key', 'environment_key', 'event_key', 'hour']).doUpdateSet((eb) => ({
            count: eb(eb.ref('insight_custom_events.count'), '+', eb.ref('excluded.count')),
            metric_sum: eb(eb.ref('insight_custom_events.metric_sum'), '+', eb.ref('excluded.metric_sum')),
          })),
        )
        .execute();
    }
    const contexts = sorted(
      folded.contexts.map((c) => ({
        project_key: c.projectKey,
        environment_key: c.environmentKey,
        context_kind: c.contextKind,
        context_key: c.contextKey,
        last_seen: c.lastSeen,
      })),
      (r) => [r.project_key, r.environment_key, r.context_kind, r.context_key],
    );
    for (const chunk of chunks(contexts)) {
      await trx
        .insertInto('insight_contexts')
        .values(chunk)
        .onConflict((oc) =>
          oc.columns(['project_key', 'environment_key', 'context_kind', 'context_key']).doUpdateSet((eb) => ({
            // A redelivered or late batch must not move "last seen" backwards.
            last_seen: eb
              .case()
              .when(eb.ref('excluded.last_seen'), '>', eb.ref('insight_contexts.last_seen'))
              .then(eb.ref('excluded.last_seen'))
              .else(eb.ref('insight_contexts.last_seen'))
              .end(),
          })),
        )
        .execute();
    }
    await addFlagContexts(trx, folded.flagContexts);
  }

  /**
   * Deletes hours that ended before the retention window, contexts not seen within
   * it, and payload IDs older than their own (shorter) window.
   */
  async prune(now: number): Promise<InsightsPruned> {
    const oldestHour = hourOf(now - this.windowMs);
    const deleted = (result: { numDeletedRows: bigint }[]) => Number(result[0]?.numDeletedRows ?? 0n);
    const evaluations = await this.db
      .deleteFrom('insight_evaluations')
      .where('hour', '<', oldestHour)
      .execute();
    // A day is kept while any of its hours is: the summary's oldest day may be partial.
    await this.db.deleteFrom('insight_evaluation_days').where('day', '<', dayOf(oldestHour)).execute();
    const customEvents = await this.db
      .deleteFrom('insight_custom_events')
      .where('hour', '<', oldestHour)
      .execute();
    const contexts = await this.db
      .deleteFrom('insight_contexts')
      .where('last_seen', '<', now - this.windowMs)
      .execute();
    const flagContexts = await this.db
      .deleteFrom('insight_flag_contexts')
      .where('last_seen', '<', now - this.windowMs)
      .execute();
    const payloads = await this.db
      .deleteFrom('processed_payloads')
      .where('processed_at', '<', now - this.payloadMs)
      .execute();
    return {
      evaluations: deleted(evaluations),
      customEvents: deleted(customEvents),
      contexts: deleted(contexts),
      flagContexts: deleted(flagContexts),
      payloads: deleted(payloads),
    };
  }
}
