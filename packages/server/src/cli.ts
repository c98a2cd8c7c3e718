/**
 * `switchyard serve [--port N] [--data-dir DIR] [--host H]`.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { type RunningServer, startServer } from './main.js';

const USAGE = `Usage: switchyard serve [--port N] [--data-dir DIR] [--host HOST]

Environment: PORT, SWITCHYARD_HOST, SWITCHYARD_DATA_DIR, DATABASE_URL (postgres://…; default: SQLite in the
data directory), SWITCHYARD_ADMIN_TOKEN, LOG_LEVEL, SWITCHYARD_BODY_LIMIT.`;

export async function main(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        host: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [command] = parsed.positionals;
  if (parsed.values.help || command === undefined || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined && !parsed.values.help ? 2 : 0;
  }
  if (command !== 'serve') {
    process.stderr.write(`Unknown command "${command}"\n${USAGE}\n`);
    return 2;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    const { port, 'data-dir': dataDir, host } = parsed.values as Record<string, string | undefined>;
    config = loadConfig({ env: process.env, flags: { port, 'data-dir': dataDir, host } });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`switchyard: invalid configuration: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  // Signals are handled from the start, so one that arrives while starting still
  // shuts down cleanly once the server is up.
  let stopping: string | undefined;
  let server: RunningServer | undefined;
  const shutdown = (running: RunningServer, signal: string) => {
    running.app.log.info({ signal }, 'shutting down');
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        running.app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  const onSignal = (signal: string) => {
    if (stopping !== undefined) return;
    stopping = signal;
    if (server) shutdown(server, signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  server = await startServer(config);
  if (stopping !== undefined) shutdown(server, stopping);
  return -1;
}
