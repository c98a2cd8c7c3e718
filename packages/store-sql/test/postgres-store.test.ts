import pg from 'pg';
import { createSqlStore } from '../src/sql-store.js';
import { describeStoreContract } from './store-contract.js';

const url = process.env.SWITCHYARD_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describeStoreContract('PostgreSQL', async () => {
  const schema = `sy_test_${Math.random().toString(36).slice(2, 10)}`;
  try {
    const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    await probe.connect();
    await probe.end();
  } catch {
    return undefined;
  }
  const store = await createSqlStore({ kind: 'postgres', url, schema });
  return {
    store,
    close: async () => {
      await store.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
});
