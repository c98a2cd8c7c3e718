/**
 * The set-up most dashboard test files repeat: one dashboard started before the file's tests
 * (then seeded), closed after them, and nothing at all where the browser tests are skipped.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { type Dashboard, type DashboardOptions, skip, startDashboard } from './dashboard-harness.js';

/**
 * Registers the file's `before` and `after`, and returns the dashboard they start: its
 * fields are read when a test runs, so a test file uses it as a plain `Dashboard`.
 */
export function fileDashboard(
  name: string,
  seed: (d: Dashboard) => Promise<void> = async () => {},
  options: DashboardOptions = {},
): Dashboard {
  let started: Dashboard | undefined;
  before(async () => {
    if (skip) return;
    started = await startDashboard(name, options);
    await seed(started);
  });
  after(async () => {
    await started?.close();
  });
  const now = () => started ?? assert.fail(`the dashboard of ${name} has not started`);
  return {
    get server() {
      return now().server;
    },
    get second() {
      return now().second;
    },
    get browser() {
      return now().browser;
    },
    get shots() {
      return now().shots;
    },
    shoot: (page, file) => now().shoot(page, file),
    close: () => now().close(),
  };
}
