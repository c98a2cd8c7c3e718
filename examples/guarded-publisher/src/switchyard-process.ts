/**
 * A Switchyard server in its own process, on a free port with a temporary data folder, the admin
 * calls that set up the story, and the `switchyard` CLI run as an operator runs it.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const BIN = join(import.meta.dirname, '..', '..', '..', 'packages', 'server', 'bin', 'switchyard.js');
const LISTENING = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/;
const run = promisify(execFile);

export interface SwitchyardProcess {
  readonly url: string;
  readonly token: string;
  admin<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** Runs `switchyard …args` with SWITCHYARD_URL and SWITCHYARD_TOKEN; rejects on a non-zero exit. */
  cli(args: readonly string[]): Promise<string>;
  stop(): void;
}

function waitForUrl(child: ChildProcess, deadlineMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`switchyard did not listen within ${deadlineMs} ms: ${out}`)),
      deadlineMs,
    );
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(LISTENING);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`switchyard exited with ${code} before listening: ${out}`));
    });
  });
}

export async function startSwitchyard(): Promise<SwitchyardProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'guarded-publisher-'));
  const token = `example-admin-${Math.random().toString(36).slice(2)}-0123456789`;
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, SWITCHYARD_ADMIN_TOKEN: token, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () => {
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
  let url: string;
  try {
    url = await waitForUrl(child, 60_000);
  } catch (error) {
    stop();
    throw error;
  }
  return {
    url,
    token,
    async admin<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    async cli(args) {
      const { stdout } = await run(process.execPath, [BIN, ...args], {
        env: { ...process.env, SWITCHYARD_URL: url, SWITCHYARD_TOKEN: token, NO_COLOR: '1' },
      });
      return stdout;
    },
    stop,
  };
}
