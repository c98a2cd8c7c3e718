/**
 * `switchyard serve [flags]`, `switchyard settings [--markdown]`, `--help`, `--version`. The bin hands
 * the operator commands to @switchyard/cli.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { type RunningServer, startServer } from './main.js';
import { serverVersion } from './server-version.js';
import { SETTINGS, settingsHelp, settingsMarkdown } from './settings.js';

const FLAGS = Object.values(SETTINGS).flatMap((d) => ('flag' in d ? [d.flag] : []));

function usage(): string {
  return `Usage: switchyard serve [${FLAGS.map((flag) => `--${flag} VALUE`).join('] [')}]
       switchyard settings [--markdown]   the settings below, as a table
       switchyard --version | --help
       switchyard login|use|whoami|flags|segments|envs|export|import|audit|accounts|status|delivery|evaluate …
                                          operator commands (@switchyard/cli); each has --help

Settings (environment variables; a flag wins over its variable):
${settingsHelp()}`;
}

export async function main(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        ...Object.fromEntries(FLAGS.map((flag) => [flag, { type: 'string' as const }])),
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        markdown: { type: 'boolean' },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage()}\n`);
    return 2;
  }
  const [command] = parsed.positionals;
  if (parsed.values.version) {
    process.stdout.write(`switchyard ${serverVersion()}\n`);
    return 0;
  }
  if (parsed.values.help || command === 'help') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  if (command === 'settings') {
    process.stdout.write(`${parsed.values.markdown ? settingsMarkdown() : settingsHelp()}\n`);
    return 0;
  }
  if (command !== 'serve') {
    process.stderr.write(
      `${command === undefined ? 'No command' : `Unknown command "${command}"`}\n${usage()}\n`,
    );
    return 2;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    const flags = Object.fromEntries(FLAGS.map((flag) => [flag, parsed.values[flag] as string | undefined]));
    config = loadConfig({ env: process.env, flags });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`switchyard: invalid configuration: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const signals = handleSignals(config.shutdownTimeoutMs);
  signals.started(await startServer(config));
  return -1;
}

/**
 * The first SIGTERM or SIGINT shuts down cleanly within the deadline; a second one, or
 * the deadline passing, exits at once. Every event answered 202 is already durable, so
 * exiting early loses only posts not yet acknowledged, which their SDKs send again.
 */
function handleSignals(deadlineMs: number): { started(running: RunningServer): void } {
  let stopping: string | undefined;
  let stoppingAt = 0;
  let server: RunningServer | undefined;
  const shutdown = (running: RunningServer, signal: string) => {
    running.app.log.info({ signal, deadlineMs }, 'shutting down');
    setTimeout(() => {
      running.app.log.error({ deadlineMs }, 'shutdown did not finish before the deadline; exiting now');
      process.exit(1);
    }, deadlineMs).unref();
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        running.app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping !== undefined) {
      // A wrapper (npm start, timeout) forwards the terminal's signal that the process
      // group also got: the same Ctrl-C twice within milliseconds. A person's second
      // Ctrl-C comes later.
      if (Date.now() - stoppingAt < 250) return;
      const line = { signal, first: stopping };
      if (server) server.app.log.warn(line, 'second signal: exiting now without finishing the shutdown');
      else process.stderr.write(`switchyard: second signal (${signal}): exiting now\n`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    stopping = signal;
    stoppingAt = Date.now();
    if (server) shutdown(server, signal);
  };
  // Handled from the start, so a signal that arrives while starting still shuts down
  // cleanly once the server is up.
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return {
    started(running) {
      server = running;
      if (stopping !== undefined) shutdown(running, stopping);
    },
  };
}
