/**
 * Event usage counters (the control plane's UsageStore): deltas from every node are
 * added in one upsert statement (atomic), so concurrent nodes add up. Also each node's
 * current rates, which only that node writes.
 */
import type { AccountRate, NodeRate, UsageDelta, UsageMetric, UsageStore } from '@switchyard/control-plane';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

const RATE_CHUNK = 1000;

export class SqlUsage implements UsageStore {
  constructor(private readonly db: Kysely<Database>) {}

  async addUsage(deltas: readonly UsageDelta[]): Promise<void> {
    // One row per counter (PostgreSQL refuses to upsert one row twice in a statement),
    // in key order, so two nodes adding to the same counters never deadlock.
    const summed = new Map<string, UsageDelta>();
    for (const delta of deltas) {
      if (delta.count === 0) continue;
      const id = `${delta.accountKey}\u0000${delta.month}\u0000${delta.metric}`;
      const seen = summed.get(id);
      summed.set(id, seen ? { ...seen, count: seen.count + delta.count } : delta);
    }
    if (summed.size === 0) return;
    const values = [...summed.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, d]) => ({ account_key: d.accountKey, month: d.month, metric: d.metric, count: d.count }));
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
