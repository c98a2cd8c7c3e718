/** Each node's heartbeat row (the control plane's NodeStatusStore); only that node writes it. */
import type { NodeStatusRecord, NodeStatusStore } from '@switchyard/control-plane';
import type { JsonValue } from '@switchyard/engine';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

export class SqlNodeStatus implements NodeStatusStore {
  constructor(private readonly db: Kysely<Database>) {}

  async writeStatus(record: NodeStatusRecord): Promise<void> {
    const row = { node: record.node, at: record.at, status: JSON.stringify(record.status) };
    await this.db
      .insertInto('node_status')
      .values(row)
      .onConflict((conflict) => conflict.column('node').doUpdateSet({ at: row.at, status: row.status }))
      .execute();
  }

  async readStatuses(since: number): Promise<NodeStatusRecord[]> {
    const rows = await this.db
      .selectFrom('node_status')
      .selectAll()
      .where('at', '>=', since)
      .orderBy('node')
      .execute();
    return rows.map((row) => ({
      node: row.node,
      at: Number(row.at),
      status: JSON.parse(row.status) as JsonValue,
    }));
  }

  async pruneStatuses(before: number): Promise<void> {
    await this.db.deleteFrom('node_status').where('at', '<', before).execute();
  }
}
