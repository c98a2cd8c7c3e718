// `npm start` runs this first: it builds (tsc -b and the dashboard) only when a package has
// no build yet or a source file newer than its build, so a start after the first one
// compiles nothing. Servers in production skip it: `node packages/server/bin/switchyard.js serve`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

/** The newest modification time under `path` (0 when it does not exist). */
function newest(path) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce(
    (latest, name) => Math.max(latest, newest(join(path, name))),
    stats.mtimeMs,
  );
}

const packages = readdirSync(join(root, 'packages'));
// The dashboard's bundle holds the engine and patterns code it previews with.
const bundled = { dashboard: ['engine', 'patterns'] };
const stale = packages.filter((name) => {
  const dir = join(root, 'packages', name);
  const inputs = [dir, ...(bundled[name] ?? []).map((other) => join(root, 'packages', other))];
  // tsc -b leaves unchanged outputs alone and stamps its build info instead.
  const built =
    name === 'dashboard'
      ? newest(join(dir, 'dist/web'))
      : Math.max(newest(join(dir, 'dist')), newest(join(dir, 'tsconfig.tsbuildinfo')));
  const sources = Math.max(
    ...inputs.map((input) => newest(join(input, 'src'))),
    newest(join(dir, 'index.html')),
  );
  return built === 0 || sources > built;
});

if (stale.length > 0) {
  console.error(`build-if-stale: building (changed or never built: ${stale.join(', ')})`);
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
