/**
 * `@switchyard/cli`: the operator commands of the `switchyard` binary. The server's bin
 * hands every command but `serve` and `settings` to `run`.
 */

import type { Io } from './io.js';
import { buildProgram, runProgram } from './program.js';

export type { Io } from './io.js';

const processIo: Io = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
};

/** Runs the command line `argv` (without node and the script); resolves to the exit code. */
export function run(argv: readonly string[], io: Io = processIo): Promise<number> {
  return runProgram(io, argv);
}

/** The top-level command names this package answers (the server's bin dispatches on them). */
export function commandNames(): readonly string[] {
  return buildProgram(processIo).commands.map((command) => command.name());
}
