import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const bin = join(import.meta.dirname, '..', 'bin', 'switchyard.js');

function run(args: string[], env: Record<string, string>, onReady?: (out: string) => boolean) {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let signalled = false;
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (!signalled && onReady?.(out)) {
      signalled = true;
      child.kill('SIGTERM');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

test('a bad configuration value stops the server with a message naming the variable', async () => {
  const result = await run(['serve'], { PORT: 'eighty' });
  assert.equal(result.code, 1);
  assert.match(result.err, /PORT must be a whole number, got "eighty"/);
});

test('an unknown command prints the usage and fails', async () => {
  const result = await run(['launch'], {});
  assert.equal(result.code, 2);
  assert.match(result.err, /Usage: switchyard serve/);
});

test('serve starts, prints a first admin token once, and shuts down cleanly on SIGTERM', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchyard-cli-'));
  try {
    const result = await run(
      ['serve', '--port', '0', '--data-dir', dataDir],
      { LOG_LEVEL: 'info', SWITCHYARD_ADMIN_TOKEN: '' },
      (out) => out.includes('Server listening'),
    );
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, /created an admin API token \(shown once, store it now\): sy-/);
    const token = /: (sy-\S+)/.exec(result.out)?.[1] as string;
    assert.equal(result.out.split(token).length - 1, 1, 'the token is printed once and never logged');
    const again = await run(
      ['serve', '--port', '0', '--data-dir', dataDir],
      { LOG_LEVEL: 'info', SWITCHYARD_ADMIN_TOKEN: '' },
      (out) => out.includes('Server listening'),
    );
    assert.doesNotMatch(again.out, /created an admin API token/, 'a second start creates no new token');
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
