/**
 * The Dockerfile's one build step, run outside Docker: scripts/build-release.sh into a clean
 * temporary folder (production dependencies from the registry), then the server started
 * from there as the image starts it. An npm install from the registry: scripts/run-tests.mjs
 * gives `*.slow.test.ts` files a longer deadline for a busy machine.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { waitFor } from './support/events.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const TOKEN = 'release-test-admin-token-0123456789';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Runs the script with npm's install scripts off: the one production dependency with an install
 * script is better-sqlite3, which compiles from source here (no prebuilt binary can be fetched)
 * for minutes. The image compiles its own; this test gives the release the binary this
 * checkout compiled, so the suite stays quick and the rest of the script is what runs.
 */
async function runScript(out: string): Promise<{ code: number | null; log: string }> {
  const child = spawn('bash', [join(repo, 'scripts', 'build-release.sh'), out], {
    cwd: repo,
    env: { ...process.env, npm_config_ignore_scripts: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code === 0) {
    const native = join('node_modules', 'better-sqlite3', 'build');
    await cp(join(repo, native), join(out, native), { recursive: true });
  }
  return { code, log };
}

test('the release script builds a folder with production dependencies only, from which the server starts and answers', {
  timeout: 20 * 60_000,
}, async () => {
  const temp = await mkdtemp(join(tmpdir(), 'switchyard-release-'));
  const out = join(temp, 'app');
  try {
    const built = await runScript(out);
    assert.equal(built.code, 0, built.log.slice(-4000));
    const installed = await readdir(join(out, 'node_modules'));
    for (const dev of ['typescript', 'vite', 'tsx', '@biomejs', 'knip', 'playwright-core', 'fast-check']) {
      assert.ok(!installed.includes(dev), `${dev} is a development dependency, yet in the release`);
    }
    assert.ok(!existsSync(join(out, 'packages', 'server', 'src')), 'no TypeScript sources in the release');
    assert.ok(existsSync(join(out, 'packages', 'dashboard', 'dist', 'web', 'index.html')));

    const port = await freePort();
    const server = spawn(process.execPath, ['packages/server/bin/switchyard.js', 'serve'], {
      cwd: out,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        PORT: String(port),
        SWITCHYARD_DATA_DIR: join(temp, 'data'),
        SWITCHYARD_ADMIN_TOKEN: TOKEN,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    server.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    server.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const url = `http://127.0.0.1:${port}`;
    try {
      const ready = await waitFor(
        async () => {
          const response = await fetch(`${url}/health/ready`).catch(() => undefined);
          return response?.status === 200 ? (response.json() as Promise<{ ready: boolean }>) : undefined;
        },
        'the released server to answer 200 on /health/ready',
        60_000,
      ).catch((error: Error) => assert.fail(`${error.message}\n${log}`));
      assert.equal(ready.ready, true);
      const page = await fetch(`${url}/projects/shop`);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /<div id="root"><\/div>/);
      const script = /<script type="module" crossorigin src="([^"]+)"/.exec(html)?.[1];
      assert.ok(script, html);
      const asset = await fetch(`${url}${script}`);
      assert.equal(asset.status, 200);
      assert.match(asset.headers.get('content-type') ?? '', /javascript/);
      const projects = await fetch(`${url}/api/v1/projects`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      assert.equal(projects.status, 200);
    } finally {
      server.kill('SIGTERM');
      if (server.exitCode === null) await once(server, 'exit');
    }
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
});
