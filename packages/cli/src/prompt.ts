/**
 * Reading from the person at the terminal: a secret without echo, a yes/no confirmation,
 * and all of stdin for scripts that pipe a token, keys or a file in.
 */
import { createInterface } from 'node:readline';
import { UsageError } from './errors.js';
import type { Io } from './io.js';

export async function readAll(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** One line typed at the terminal; with `hidden`, nothing is echoed. */
export function ask(io: Io, question: string, hidden = false): Promise<string> {
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
  if (hidden) {
    // readline echoes through _writeToOutput; replacing it keeps the secret off the screen.
    const internal = rl as unknown as { _writeToOutput: (s: string) => void };
    internal._writeToOutput = (s: string) => {
      if (s.includes(question)) io.stderr.write(s);
    };
  }
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      if (hidden) io.stderr.write('\n');
      resolve(answer.trim());
    });
  });
}

/** True when `--yes` was given or the person answered y; a script without --yes is a usage error. */
export async function confirm(io: Io, question: string, yes: boolean | undefined): Promise<boolean> {
  if (yes) return true;
  if (!io.stdin.isTTY) throw new UsageError(`${question} Pass --yes to confirm when not at a terminal`);
  const answer = await ask(io, `${question} [y/N] `);
  return /^y(es)?$/i.test(answer);
}
