/**
 * Runs the real `switchyard` binary (the server's bin, which hands operator commands to
 * this package) as a child process, with HOME and XDG_CONFIG_HOME in a temporary folder,
 * so every test sees a fresh config file and never the person's own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../../../server/test/support/test-server.js';

export const BIN = join(import.meta.dirname, '..', '..', '..', 'server', 'bin', 'switchyard.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read --json output freely
  json(): any;
}

export interface CliHome {
  readonly dir: string;
  readonly configFile: string;
  /** Runs one command to its end; `input` is written to its stdin. */
  run(
    args: readonly string[],
    options?: { input?: string; env?: Record<string, string> },
  ): Promise<CliResult>;
  /** Starts a long-running command (audit tail) and returns the child and its output so far. */
  start(args: readonly string[]): { child: ChildProcess; output: () => string; done: Promise<CliResult> };
  close(): Promise<void>;
}

function environment(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, 'config'),
    ...extra,
  };
  for (const name of [
    'SWITCHYARD_URL',
    'SWITCHYARD_TOKEN',
    'SWITCHYARD_PROFILE',
    'SWITCHYARD_SDK_KEY',
    'NO_COLOR',
  ]) {
    if (!(name in extra)) delete env[name];
  }
  return env;
}

function collect(child: ChildProcess): { output: () => string; done: Promise<CliResult> } {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code) =>
      resolve({
        code,
        stdout,
        stderr,
        json: () => {
          try {
            return JSON.parse(stdout);
          } catch {
            throw new Error(`not JSON on stdout (exit ${code}):\n${stdout}\nstderr:\n${stderr}`);
          }
        },
      }),
    );
  });
  return { output: () => stdout, done };
}

export async function cliHome(): Promise<CliHome> {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-cli-home-'));
  const spawnCli = (args: readonly string[], env?: Record<string, string>) =>
    spawn(process.execPath, [BIN, ...args], { env: environment(dir, env), stdio: ['pipe', 'pipe', 'pipe'] });
  return {
    dir,
    configFile: join(dir, 'config', 'switchyard', 'config.json'),
    run(args, options = {}) {
      const child = spawnCli(args, options.env);
      const { done } = collect(child);
      child.stdin?.end(options.input ?? '');
      return done;
    },
    start(args) {
      const child = spawnCli(args);
      child.stdin?.end();
      return { child, ...collect(child) };
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A fresh home logged in to `url` with the admin token, `project` and production as defaults. */
export async function loggedInHome(url: string, token: string, project: string): Promise<CliHome> {
  const home = await cliHome();
  const login = await home.run(['login', url, '--token', token, '--project', project, '--env', 'production']);
  if (login.code !== 0) throw new Error(`login failed (${login.code}): ${login.stderr}`);
  return home;
}

/** For one test file: a server with project "shop", and a home logged in to it (started before, closed after). */
export function shopServer(): { readonly s: TestServer; readonly home: CliHome } {
  let server: TestServer | undefined;
  let logged: CliHome | undefined;
  before(async () => {
    server = await startTestServer('sqlite');
    const made = await server.api('POST', '/api/v1/projects', { key: 'shop', name: 'Shop' });
    if (made.status !== 201) throw new Error(`project shop not created: ${made.status}`);
    logged = await loggedInHome(server.url, ADMIN_TOKEN, 'shop');
  });
  after(async () => {
    await logged?.close();
    await server?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the shop server is not started yet');
    return value;
  };
  return {
    get s() {
      return started(server);
    },
    get home() {
      return started(logged);
    },
  };
}
