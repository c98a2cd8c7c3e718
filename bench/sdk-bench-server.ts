/**
 * The Switchyard server the SDK benchmark's clients connect to, in its own process (so serving
 * them does not share the measuring process), and an events sink that discards what it is sent.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild } from './child-server.js';

const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';

export interface BenchServer {
  readonly url: string;
  /** Creates project `key`, with `data` (LaunchDarkly SDK JSON) in production if given; returns its SDK key. */
  project(key: string, data?: { flags: object; segments?: object }): Promise<string>;
  stop(): void;
}

async function admin(base: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

export async function startBenchServer(): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-sdk-bench-'));
  const { child, match } = await startChild(
    ['packages/server/bin/switchyard.js', 'serve', '--port', '0', '--data-dir', dataDir],
    {
      SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN,
      LOG_LEVEL: 'info',
      SWITCHYARD_BODY_LIMIT: String(64 * 1024 * 1024),
    },
    /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/,
  );
  const url = match[1] as string;
  return {
    url,
    async project(key, data) {
      await admin(url, 'POST', '/api/v1/projects', { key, name: key });
      if (data !== undefined)
        await admin(url, 'PUT', `/api/v1/projects/${key}/environments/production/sdk-data`, data);
      const env = (await admin(url, 'GET', `/api/v1/projects/${key}/environments/production`)) as {
        sdkKey: string;
      };
      return env.sdkKey;
    },
    stop() {
      stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const SINK = `
const server = require('node:http').createServer((request, response) => {
  request.resume();
  request.on('end', () => { response.writeHead(202, { 'content-length': 0 }); response.end(); });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

/** A bare HTTP server answering 202 to every batch of events, unread. */
export async function startEventsSink(): Promise<{ url: string; stop(): void }> {
  const { child, match } = await startChild(['-e', SINK], {}, /^(\d+)\n/);
  return { url: `http://127.0.0.1:${match[1]}`, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): void {
  child.removeAllListeners('exit');
  child.kill('SIGTERM');
}
