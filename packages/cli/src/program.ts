/**
 * The `switchyard` operator commands as one commander program: the global options,
 * one module per command group, and exit codes scripts can trust (0 ok, 1 error,
 * 2 usage).
 */
import { Command, CommanderError } from 'commander';
import { accountCommands } from './commands/account-commands.js';
import { auditCommands } from './commands/audit-commands.js';
import { authCommands } from './commands/auth-commands.js';
import { envCommands } from './commands/env-commands.js';
import { evaluateCommand } from './commands/evaluate-command.js';
import { flagCommands } from './commands/flag-commands.js';
import { sdkDataCommands } from './commands/sdk-data-commands.js';
import { segmentCommands } from './commands/segment-commands.js';
import { statusCommands } from './commands/status-commands.js';
import { CliError, EXIT_ERROR, EXIT_OK, EXIT_USAGE } from './errors.js';
import type { Io } from './io.js';
import { Output } from './output.js';

export function buildProgram(io: Io): Command {
  const program = new Command('switchyard')
    .description('Manage a Switchyard server from the terminal (see also: switchyard serve --help)')
    .option('--json', 'print the result as JSON (for scripts)')
    .option('--profile <name>', 'the saved server to use (default: the last one logged in to)')
    .option('--project <key>', 'the project (default: the profile\'s, see "switchyard use")')
    .option('--env <key>', "the environment (default: the profile's)")
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  authCommands(program, io);
  flagCommands(program, io);
  segmentCommands(program, io);
  envCommands(program, io);
  sdkDataCommands(program, io);
  auditCommands(program, io);
  accountCommands(program, io);
  statusCommands(program, io);
  evaluateCommand(program, io);
  return program;
}

/** Runs one command line; resolves to the exit code. */
export async function runProgram(io: Io, argv: readonly string[]): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (error instanceof CliError) {
      new Output(io, argv.includes('--json')).error(error);
      return error.exitCode;
    }
    io.stderr.write(`switchyard: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT_ERROR;
  }
}
