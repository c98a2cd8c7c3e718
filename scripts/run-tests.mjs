// Runs every *.test.ts under packages/ and examples/ with Node's own test runner (TypeScript
// through tsx), one `node --test` process per file, two files at a time (SWITCHYARD_TEST_CONCURRENCY
// changes that; 1 is the old one-at-a-time run). Files in SERIAL (the CLI's, which start a Node
// process per command, and others measured as heavy or bounded by the machine's speed) run alone
// afterwards, then the `*.slow.test.ts` ones. Each file's output is printed whole when it ends; the
// last lines are the totals in the spec reporter's own form, and the exit code is 1 if any file failed.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const root = join(import.meta.dirname, '..');

/**
 * Files that run with nothing beside them (docs/test-timings.md has the measurements): beside
 * another file on two busy cores they came near or past their deadlines.
 */
const SERIAL = [
  /^packages\/cli\/test\//,
  /^packages\/server\/test\/cli\.test\.ts$/,
  /^packages\/dashboard\/test\/people\.test\.ts$/,
  // A private RabbitMQ node each, killed and rebooted: Erlang boots take both cores.
  /^packages\/pipeline\/test\/broker-faults\.test\.ts$/,
  /^packages\/server\/test\/event-durability\.test\.ts$/,
  // Bounds on the test's own event-loop delay and on rates: kept away from a neighbour's load.
  /^packages\/server\/test\/public-surfaces\.property\.test\.ts$/,
  /^examples\/guarded-publisher\/test\/story\.test\.ts$/,
];
const QUICK_TIMEOUT_MS = 120_000; // per test
const SLOW_TIMEOUT_MS = 20 * 60_000; // per test, for the release build's npm install
const FILE_DEADLINE_MS = 15 * 60_000; // a whole file; then its process group is ended

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist') return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTests(path);
    return entry.name.endsWith('.test.ts') ? [relative(root, path).split(sep).join('/')] : [];
  });
}

const only = process.argv.slice(2);
const files =
  only.length > 0
    ? only.map((file) => relative(root, join(process.cwd(), file)).split(sep).join('/'))
    : [...findTests(join(root, 'packages')), ...findTests(join(root, 'examples'))].sort();
if (files.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}
const concurrency = Math.max(1, Number(process.env.SWITCHYARD_TEST_CONCURRENCY ?? '2') || 1);

// How long each file took last time on this machine (not committed): the longest start first, so
// the two lanes end together.
const timesFile = join(root, 'node_modules', '.cache', 'switchyard-test-times.json');
let lastTimes = {};
try {
  lastTimes = JSON.parse(readFileSync(timesFile, 'utf8'));
} catch {}
const byLastTime = (a, b) => (lastTimes[b] ?? 0) - (lastTimes[a] ?? 0) || a.localeCompare(b);

const slow = files.filter((file) => file.endsWith('.slow.test.ts'));
const serial = files.filter((file) => !slow.includes(file) && SERIAL.some((pattern) => pattern.test(file)));
const parallel = files.filter((file) => !slow.includes(file) && !serial.includes(file)).sort(byLastTime);

const COUNTS = ['tests', 'suites', 'pass', 'fail', 'cancelled', 'skipped', 'todo'];
const totals = Object.fromEntries(COUNTS.map((name) => [name, 0]));
const failed = [];
const seconds = {};

/** Runs one file with its output buffered; prints it whole at the end. */
function runFile(file, timeoutMs) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-timeout=${timeoutMs}`, file],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so a file past its deadline is ended with every process it started.
        detached: true,
        env:
          process.stdout.isTTY && process.env.NO_COLOR === undefined
            ? { ...process.env, FORCE_COLOR: '1' }
            : process.env,
      },
    );
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    let overdue = false;
    const deadline = setTimeout(() => {
      overdue = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, FILE_DEADLINE_MS);
    running.add(child);
    child.on('close', (code, signal) => {
      clearTimeout(deadline);
      running.delete(child);
      const took = (Date.now() - started) / 1000;
      seconds[file] = took;
      const output = Buffer.concat(chunks).toString();
      for (const line of stripVTControlCharacters(output).split('\n')) {
        const match = /^ℹ (\w+) (\d+)$/.exec(line.trim());
        if (match && match[1] in totals) totals[match[1]] += Number(match[2]);
      }
      const ok = code === 0 && !overdue;
      if (!ok) {
        failed.push(file);
        failedOutput[file] = output;
      }
      const why = overdue
        ? `ended after the file deadline of ${FILE_DEADLINE_MS / 60_000} min`
        : signal
          ? `ended by ${signal}`
          : `exit ${code}`;
      process.stdout.write(
        `\n━━ ${file} — ${ok ? 'passed' : `FAILED (${why})`} in ${took.toFixed(1)} s\n${output}`,
      );
      resolve();
    });
  });
}

const running = new Set();
// A failing file's output is printed again at the end, so the tail of a long run carries the reason.
const failedOutput = {};
const FAILED_OUTPUT_TAIL = 6000;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    for (const child of running) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }
    process.exit(1);
  });
}

async function pool(batch, width, timeoutMs) {
  const queue = [...batch];
  const lane = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) await runFile(file, timeoutMs);
  };
  await Promise.all(Array.from({ length: Math.min(width, queue.length) }, lane));
}

const started = Date.now();
await pool(parallel, concurrency, QUICK_TIMEOUT_MS);
await pool(serial, 1, QUICK_TIMEOUT_MS);
await pool(slow, 1, SLOW_TIMEOUT_MS);
const wall = (Date.now() - started) / 1000;

try {
  mkdirSync(dirname(timesFile), { recursive: true });
  writeFileSync(timesFile, `${JSON.stringify({ ...lastTimes, ...seconds }, null, 1)}\n`);
} catch {}

const slowest = Object.entries(seconds)
  .sort((a, b) => b[1] - a[1])
  .slice(0, 5)
  .map(([file, s]) => `${file} ${s.toFixed(0)} s`)
  .join(', ');
console.log(
  `\nrun-tests: ${files.length} files in ${wall.toFixed(0)} s (${parallel.length} of them ${concurrency} at a time, ` +
    `${serial.length} alone, ${slow.length} slow); slowest: ${slowest}`,
);
for (const file of failed) {
  const output = stripVTControlCharacters(failedOutput[file] ?? '');
  console.log(`\nrun-tests: the end of ${file}'s output, again:\n${output.slice(-FAILED_OUTPUT_TAIL)}`);
}
if (failed.length > 0) console.log(`run-tests: FAILED files:\n${failed.map((f) => `  ${f}`).join('\n')}`);
// The totals last, as the spec reporter prints them (scripts/test-busy.mjs reads these lines).
for (const name of COUNTS) console.log(`ℹ ${name} ${totals[name]}`);
process.exit(failed.length > 0 ? 1 : 0);
