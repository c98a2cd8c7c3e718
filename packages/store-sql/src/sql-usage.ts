/**
 * Event usage counters (the control plane's UsageStore): deltas from every node are
 * added in one upsert statement (atomic), so concurrent nodes add up. Also each node's
 * current rates, which only that node writes, and the counters per minute and hour.
 */
import type {
  AccountRate,
  NodeRate,
  SeriesDelta,
  SeriesGrain,
  UsageDelta,
  UsageMetric,
  UsageStore,
} from '@switchyard/control-plane';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

const RATE_CHUNK = 1000;

export class SqlUsage implements UsageStore {
  constructor(private readonly db: Kysely<Database>) {}

  async addUsage(deltas: readonly UsageDelta[]): Promise<void> {
    const values = summed(deltas, (d) => `${d.accountKey}\u0000${d.month}\u0000${d.metric}`).map((d) => ({
      account_key: d.accountKey,
      month: d.month,
      metric: d.metric,
      count: d.count,
    }));
    if (values.length === 0) return;
    await this.db
      .insertInto('usage')
      .values(values)
      .onConflict((conflict) =>
        conflict
          .columns(['account_key', 'month', 'metric'])
          .doUpdateSet((eb) => ({ count: eb(eb.ref('usage.count'), '+', eb.ref('excluded.count')) })),
      )
      .execute();
  }

  async addSeries(deltas: readonly SeriesDelta[]): Promise<void> {
    const values = summed(
      deltas,
      (d) => `${d.accountKey}\u0000${d.grain}\u0000${String(d.bucket).padStart(16, '0')}\u0000${d.metric}`,
    ).map((d) => ({
      account_key: d.accountKey,
      grain: d.grain,
      bucket: d.bucket,
      metric: d.metric,
      count: d.count,
    }));
    for (let i = 0; i < values.length; i += RATE_CHUNK) {
      await this.db
        .insertInto('usage_series')
        .values(values.slice(i, i + RATE_CHUNK))
        .onConflict((conflict) =>
          conflict.columns(['account_key', 'grain', 'bucket', 'metric']).doUpdateSet((eb) => ({
            count: eb(eb.ref('usage_series.count'), '+', eb.ref('excluded.count')),
          })),
        )
        .execute();
    }
  }

  async readSeries(accountKey: string, grain: SeriesGrain, from: number, to: number): Promise<SeriesDelta[]> {
    const rows = await this.db
      .selectFrom('usage_series')
      .selectAll()
      .where('account_key', '=', accountKey)
      .where('grain', '=', grain)
      .where('bucket', '>=', from)
      .where('bucket', '<', to)
      .orderBy('bucket')
      .execute();
    return rows.map((row) => ({
      accountKey: row.account_key,
      grain: row.grain as SeriesGrain,
      bucket: Number(row.bucket),
      metric: row.metric as UsageMetric,
      count: Number(row.count),
    }));
  }

  async pruneSeries(grain: SeriesGrain, before: number): Promise<void> {
    await this.db
      .deleteFrom('usage_series')
      .where('grain', '=', grain)
      .where('bucket', '<', before)
      .execute();
  }

  async readUsage(month: string, accountKey?: string): Promise<UsageDelta[]> {
    let query = this.db.selectFrom('usage').selectAll().where('month', '=', month);
    if (accountKey !== undefined) query = query.where('account_key', '=', accountKey);
    return (await query.execute()).map((row) => ({
      accountKey: row.account_key,
      month: row.month,
      metric: row.metric as UsageMetric,
      count: Number(row.count),
    }));
  }

  async writeRates(node: string, at: number, rates: readonly AccountRate[]): Promise<void> {
    // Chunks keep each statement well under both dialects' limits on bound parameters.
    for (let i = 0; i < rates.length; i += RATE_CHUNK) {
      const values = rates.slice(i, i + RATE_CHUNK).map((rate) => ({
        node,
        account_key: rate.accountKey,
        offered: rate.offered,
        accepted: rate.accepted,
        at,
      }));
      await this.db
        .insertInto('node_rates')
        .values(values)
        .onConflict((conflict) =>
          conflict.columns(['node', 'account_key']).doUpdateSet((eb) => ({
            offered: eb.ref('excluded.offered'),
            accepted: eb.ref('excluded.accepted'),
            at: eb.ref('excluded.at'),
          })),
        )
        .execute();
    }
  }

  async readRates(since: number): Promise<NodeRate[]> {
    const rows = await this.db.selectFrom('node_rates').selectAll().where('at', '>=', since).execute();
    return rows.map((row) => ({
      node: row.node,
      accountKey: row.account_key,
      offered: Number(row.offered),
      accepted: Number(row.accepted),
      at: Number(row.at),
    }));
  }

  async pruneRates(before: number): Promise<void> {
    await this.db.deleteFrom('node_rates').where('at', '<', before).execute();
  }
}

/**
 * One delta per counter (PostgreSQL refuses to upsert one row twice in a statement), in
 * key order, so two nodes adding to the same counters never deadlock.
 */
function summed<T extends { readonly count: number }>(deltas: readonly T[], id: (delta: T) => string): T[] {
  const byId = new Map<string, T>();
  for (const delta of deltas) {
    if (delta.count === 0) continue;
    const key = id(delta);
    const seen = byId.get(key);
    byId.set(key, seen ? { ...seen, count: seen.count + delta.count } : delta);
  }
  return [...byId.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, d]) => d);
}
