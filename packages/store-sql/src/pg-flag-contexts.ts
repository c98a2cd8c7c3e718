/**
 * The per-flag contexts' part of an insights apply on PostgreSQL (SQLite has its own
 * writer, sqlite-insights-writer.ts), inside the apply's transaction.
 */
import type { FlagContextSeen } from '@switchyard/pipeline';
import { sql, type Transaction } from 'kysely';
import type { Database } from './database.js';
import { chunks, sorted } from './sql-chunks.js';
import { FLAG_CONTEXTS_KEPT } from './sql-insights-reads.js';

/**
 * Adds flag and context pairs, then trims each flag it touched to its latest
 * FLAG_CONTEXTS_KEPT. The trim deletes in last-seen order, not key order, so writers
 * touching the same flag first take that flag's advisory lock (in key order): one
 * writer at a time changes a flag's rows, and no two wait on each other.
 */
export async function addFlagContexts(
  trx: Transaction<Database>,
  flagContexts: readonly FlagContextSeen[],
): Promise<void> {
  if (flagContexts.length === 0) return;
  const rows = sorted(
    flagContexts.map((c) => ({
      project_key: c.projectKey,
      environment_key: c.environmentKey,
      flag_key: c.flagKey,
      context_kind: c.contextKind,
      context_key: c.contextKey,
      last_seen: c.lastSeen,
    })),
    (r) => [r.project_key, r.environment_key, r.flag_key, r.context_kind, r.context_key],
  );
  const flags = new Map<string, { p: string; e: string; k: string }>();
  for (const r of rows) {
    const id = JSON.stringify([r.project_key, r.environment_key, r.flag_key]);
    if (!flags.has(id)) flags.set(id, { p: r.project_key, e: r.environment_key, k: r.flag_key });
  }
  // PostgreSQL evaluates a volatile function of the select list after the sort: the locks come in order.
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(flag, 0))
    FROM unnest(${[...flags.keys()]}::text[]) AS f(flag) ORDER BY flag`.execute(trx);
  for (const chunk of chunks(rows)) {
    await trx
      .insertInto('insight_flag_contexts')
      .values(chunk)
      .onConflict((oc) =>
        oc
          .columns(['project_key', 'environment_key', 'flag_key', 'context_kind', 'context_key'])
          .doUpdateSet((eb) => ({
            last_seen: eb
              .case()
              .when(eb.ref('excluded.last_seen'), '>', eb.ref('insight_flag_contexts.last_seen'))
              .then(eb.ref('excluded.last_seen'))
              .else(eb.ref('insight_flag_contexts.last_seen'))
              .end(),
          })),
      )
      .execute();
  }
  for (const chunk of chunks([...flags.values()])) {
    await sql`DELETE FROM insight_flag_contexts
      WHERE (project_key, environment_key, flag_key, context_kind, context_key) IN (
        SELECT project_key, environment_key, flag_key, context_kind, context_key FROM (
          SELECT c.project_key, c.environment_key, c.flag_key, c.context_kind, c.context_key,
            row_number() OVER (
              PARTITION BY c.project_key, c.environment_key, c.flag_key
              ORDER BY c.last_seen DESC, c.context_kind, c.context_key) AS rank
          FROM insight_flag_contexts c
          JOIN unnest(${chunk.map((f) => f.p)}::text[], ${chunk.map((f) => f.e)}::text[],
            ${chunk.map((f) => f.k)}::text[]) AS touched(p, e, k)
            ON c.project_key = touched.p AND c.environment_key = touched.e AND c.flag_key = touched.k
        ) AS ranked WHERE rank > ${FLAG_CONTEXTS_KEPT})`.execute(trx);
  }
}
