/** Starts a server in its own process and resolves once its output matches `ready`. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

export interface ChildOptions {
  /** Node options before the script, e.g. `--expose-gc`. */
  readonly nodeArgs?: readonly string[];
  /** Opens an IPC channel to the child (`child.send`, `process.send`). */
  readonly ipc?: boolean;
}

export function startChild(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  options: ChildOptions = {},
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: options.ipc ? ['ignore', 'pipe', 'inherit', 'ipc'] : ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(ready);
      if (match) {
        // Keep draining the child's output, without holding on to it (BENCH_SERVER_LOG=file keeps it).
        child.stdout?.off('data', onData);
        const log = process.env.BENCH_SERVER_LOG;
        if (log === undefined) child.stdout?.resume();
        else child.stdout?.pipe(createWriteStream(log, { flags: 'a' }));
        resolve({ child, match });
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`)));
  });
}

/** The admin token the benches start their servers with (`SWITCHYARD_ADMIN_TOKEN`). */
export const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';

/** Calls the admin API of the server at `base`; a non-2xx answer throws with its body. */
export function adminApi(base: string) {
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    // biome-ignore lint/suspicious/noExplicitAny: a benchmark reads admin responses freely
    return (text === '' ? undefined : JSON.parse(text)) as any;
  };
}
