/**
 * The dashboard with a large project (issue 20): 2,000 flags and a segment of 10,000 keys,
 * served by a Switchyard server in its own process, in headless Debian Chromium.
 *
 * - first render: from the navigation's start to the flag list's first row on screen (the
 *   page's own clock, so the measuring process's load does not count), over ROUNDS loads;
 * - search: from a keystroke in the search box to the list drawn for the new query (the rows
 *   all match and there are as many as expected), for each character of a few queries
 *   typed and erased;
 * - bytes: the JavaScript the browser loaded to show the list, gzipped, beside the 250 KB
 *   budget for the initial JavaScript (the build prints that figure on its own).
 *
 *   npm run bench:dashboard        BENCH_ROUNDS=5 BENCH_FLAGS=2000 BENCH_SEGMENT_KEYS=10000
 *
 * Needs the built dashboard (npm run build) and /usr/bin/chromium.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { startBenchServer } from './sdk-bench-server.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FLAGS = Number(process.env.BENCH_FLAGS ?? 2000);
const SEGMENT_KEYS = Number(process.env.BENCH_SEGMENT_KEYS ?? 10_000);
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const TARGET_KEYSTROKE_MS = 100;
const INITIAL_BUDGET_KB = 250;
/** The rows the flag list draws before "Show more" (PAGE_ROWS in flag-table.tsx). */
const PAGE_ROWS = 100;
const QUERIES = ['payments', 'search-1', 'xyz'];
const WORDS = ['checkout', 'payments', 'search', 'billing', 'onboarding', 'reports', 'export', 'mobile'];
const assets = join(import.meta.dirname, '../packages/dashboard/dist/web');

function flagData(): { flags: Record<string, object>; segments: Record<string, object> } {
  const flags: Record<string, object> = {};
  for (let i = 0; i < FLAGS; i++) {
    const key = `${WORDS[i % WORDS.length]}-${i}`;
    flags[key] = {
      key,
      version: 1,
      on: i % 3 === 0,
      variations: [true, false],
      offVariation: 1,
      fallthrough: { variation: 0 },
      targets: [],
      contextTargets: [],
      rules:
        i % 10 === 0
          ? [
              {
                id: `r${i}`,
                clauses: [{ attribute: 'segmentMatch', op: 'segmentMatch', values: ['big'] }],
                variation: 0,
              },
            ]
          : [],
      prerequisites: [],
      salt: key,
    };
  }
  const included = Array.from({ length: SEGMENT_KEYS }, (_, i) => `customer-${i}`);
  return {
    flags,
    segments: { big: { key: 'big', version: 1, included, excluded: [], rules: [], salt: 'big' } },
  };
}

/** In the page before any script: the time the first flag row is in the DOM. */
const FIRST_ROW_WATCH = `
  new MutationObserver((_, observer) => {
    if (document.querySelector('table.flags tbody tr') !== null) {
      window.__firstRow = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

/**
 * In the page: resolves with the ms from the next keydown to the first frame that shows the
 * list for the query then in the box. Checked every frame (a query that leaves the rows as
 * they were changes nothing in the DOM, so a mutation observer alone would wait for ever).
 */
const KEYSTROKE_WATCH = `(expected) => new Promise((resolve, reject) => {
  const input = document.querySelector('input[type=search]');
  const before = input.value;
  let started;
  const drawn = () => {
    const query = input.value.trim().toLowerCase();
    const want = expected[query];
    const rows = document.querySelectorAll('table.flags tbody tr');
    if (want === 0) return rows.length === 0 && document.body.textContent.includes('No flag matches');
    if (rows.length !== Math.min(want, ${PAGE_ROWS})) return false;
    for (const row of rows) if (!row.querySelector('td, th').textContent.toLowerCase().includes(query)) return false;
    return true;
  };
  const frame = (now) => {
    if (started !== undefined && input.value !== before && drawn()) resolve(now - started);
    else requestAnimationFrame(frame);
  };
  document.addEventListener('keydown', (e) => { started = e.timeStamp; }, { capture: true, once: true });
  requestAnimationFrame(frame);
  setTimeout(() => reject(new Error('the list never showed the query ' + JSON.stringify(input.value))), 30000);
})`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** For every prefix of every query (and the empty box): how many flags match it. */
function expectedCounts(keys: string[]): Record<string, number> {
  const counts: Record<string, number> = { '': keys.length };
  for (const query of QUERIES)
    for (let i = 1; i <= query.length; i++) {
      const prefix = query.slice(0, i);
      counts[prefix] = keys.filter((k) => k.includes(prefix)).length;
    }
  return counts;
}

async function keystroke(page: Page, expected: Record<string, number>, key: string): Promise<number> {
  const measure = page.evaluate(`(${KEYSTROKE_WATCH})(${JSON.stringify(expected)})`) as Promise<number>;
  await page.locator('input[type=search]').press(key);
  return measure;
}

async function main(): Promise<void> {
  const server = await startBenchServer();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
  try {
    const data = flagData();
    await server.project('big', data);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(FIRST_ROW_WATCH);
    const page = await context.newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.getByText('Use an API token instead').click();
    await page.getByLabel('API token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in with token' }).click();
    await page.getByRole('heading', { name: 'Flags' }).waitFor();
    const list = `${server.url}/projects/big/environments/production/flags`;

    const firstRows: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await page.goto(list);
      await page.locator('table.flags tbody tr').first().waitFor({ timeout: 60_000 });
      firstRows.push((await page.evaluate('window.__firstRow')) as number);
    }
    const api = (await page.evaluate(
      `performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/'))
         .map((e) => [new URL(e.name).pathname + new URL(e.name).search, e.responseEnd - e.startTime, e.encodedBodySize])`,
    )) as [string, number, number][];
    const scripts = (await page.evaluate(
      `performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.js'))`,
    )) as string[];
    const loadedKb = scripts.reduce((sum, url) => {
      const file = join(assets, new URL(url).pathname);
      return sum + gzipSync(readFileSync(file)).length / 1024;
    }, 0);

    const expected = expectedCounts(Object.keys(data.flags));
    const strokes: number[] = [];
    for (let round = 0; round < ROUNDS; round++)
      for (const query of QUERIES) {
        for (const char of query) strokes.push(await keystroke(page, expected, char));
        for (let i = 0; i < query.length; i++) strokes.push(await keystroke(page, expected, 'Backspace'));
      }

    const rows = await page.locator('table.flags tbody tr').count();
    console.log(
      `dashboard flag list: ${FLAGS} flags, a segment of ${SEGMENT_KEYS} keys, ${rows} rows drawn at once`,
    );
    console.log(
      `first render (navigation start to first row), ${ROUNDS} loads: median ${median(firstRows).toFixed(0)} ms, ` +
        `max ${Math.max(...firstRows).toFixed(0)} ms`,
    );
    console.log(
      `search keystroke to updated list, ${strokes.length} keystrokes: median ${median(strokes).toFixed(1)} ms, ` +
        `p95 ${percentile(strokes, 95).toFixed(1)} ms, max ${Math.max(...strokes).toFixed(1)} ms ` +
        `(target ${TARGET_KEYSTROKE_MS} ms: ${percentile(strokes, 95) <= TARGET_KEYSTROKE_MS ? 'met' : 'missed'} at p95)`,
    );
    for (const [path, ms, bytes] of api)
      console.log(`  last load: ${path} ${ms.toFixed(0)} ms, ${(bytes / 1024).toFixed(0)} KB on the wire`);
    console.log(
      `JavaScript loaded to show the list: ${loadedKb.toFixed(1)} KB gzipped in ${scripts.length} files ` +
        `(initial budget ${INITIAL_BUDGET_KB} KB; the build prints the initial figure)`,
    );
  } finally {
    await browser.close();
    server.stop();
  }
}

await main();
