import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqlStore } from '../src/sql-store.js';
import { describeFlagContextsContract } from './flag-contexts-contract.js';
import { describeInsightsContract } from './insights-contract.js';

async function open() {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-insights-'));
  const store = await createSqlStore({ kind: 'sqlite', file: join(dir, 'switchyard.db') });
  return {
    insights: store.insights,
    close: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

describeInsightsContract('SQLite', open);
describeFlagContextsContract('SQLite', open);
