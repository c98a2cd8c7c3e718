// Runs every *.test.ts under packages/ and examples/ with Node's own test runner (TypeScript through tsx).
// Node 20's runner takes no glob, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist') return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTests(path);
    return entry.name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

const only = process.argv.slice(2);
const files =
  only.length > 0
    ? only
    : [...findTests(join(root, 'packages')), ...findTests(join(root, 'examples'))].sort();
if (files.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}
// A `*.slow.test.ts` file (the release build: an npm install) runs after the others, with a
// deadline long enough for a busy machine; every other file must finish within two minutes.
const slow = files.filter((file) => file.endsWith('.slow.test.ts'));
const quick = files.filter((file) => !file.endsWith('.slow.test.ts'));
const run = (batch, timeoutMs) =>
  batch.length === 0
    ? 0
    : (spawnSync(
        process.execPath,
        ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-timeout=${timeoutMs}`, ...batch],
        { cwd: root, stdio: 'inherit' },
      ).status ?? 1);
const quickStatus = run(quick, 120_000);
const slowStatus = run(slow, 20 * 60_000);
process.exit(quickStatus || slowStatus);
