// Runs the whole suite (scripts/run-tests.mjs, the test step of `npm test`) while a child
// process keeps one core busy, as a developer's machine often is. The spinner is ended by its
// PID when the suite ends, fails, or this script is interrupted.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const started = Date.now();
const spinner = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
const stopSpinner = () => {
  if (spinner.exitCode === null && spinner.signalCode === null) spinner.kill('SIGKILL');
};
process.on('exit', stopSpinner);

const suite = spawn(process.execPath, [join(root, 'scripts', 'run-tests.mjs'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    suite.kill(signal);
    stopSpinner();
    process.exit(1);
  });
}

// The spec reporter's closing summary ("ℹ tests 412", "ℹ pass 412", …), kept for the last line.
const summary = {};
let tail = '';
suite.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const lines = (tail + chunk.toString()).split('\n');
  tail = lines.pop() ?? '';
  for (const line of lines) {
    const match = /^ℹ (tests|pass|fail|cancelled|skipped|todo) (\d+)$/.exec(line.trim());
    if (match) summary[match[1]] = Number(match[2]);
  }
});

suite.on('close', (code, signal) => {
  stopSpinner();
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const counts = Object.entries(summary)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  console.log(
    `test:busy: ${code === 0 ? 'passed' : 'FAILED'} in ${seconds} s with one core kept busy (${counts})`,
  );
  process.exit(code ?? (signal ? 1 : 0));
});
