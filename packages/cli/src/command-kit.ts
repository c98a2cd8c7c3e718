/**
 * The glue between commander and a command's code: each action gets a Session built
 * from the global options, its declared arguments and its own options; and each
 * command's help ends with an example.
 */
import type { Command } from 'commander';
import { UsageError } from './errors.js';
import type { Io } from './io.js';
import { type GlobalOptions, Session } from './session.js';

// biome-ignore lint/suspicious/noExplicitAny: commander's option values are untyped until read
export type Options = Record<string, any>;

export type Action = (session: Session, args: readonly string[], options: Options) => Promise<void>;

export function action(io: Io, run: Action) {
  return async (...all: unknown[]): Promise<void> => {
    const command = all.at(-1) as Command;
    const session = await Session.open(io, command.optsWithGlobals<GlobalOptions>());
    await run(session, command.processedArgs as string[], command.opts());
  };
}

/** Adds an "Example:" section to a command's --help. */
export function example(command: Command, ...lines: string[]): Command {
  return command.addHelpText('after', `\nExample:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`);
}

/** Parses a value given on the command line as JSON, else keeps it as a string (`true` → true, `acme` → "acme"). */
export function jsonOrString(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function parseJsonOption(name: string, value: string): unknown {
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new UsageError(`${name} must be JSON: ${(error as Error).message}`);
  }
}

export const enc = encodeURIComponent;
