/**
 * How commands print: data first (`--json` prints the value as JSON on stdout), a table
 * or lines second. Colour only when stdout is a terminal and NO_COLOR is unset. Notes and
 * progress go to stderr, so stdout stays clean for pipes.
 */
import type { CliError } from './errors.js';
import type { Io } from './io.js';

export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => unknown;
}

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39] } as const;
type Style = keyof typeof CODES;

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export class Output {
  private readonly colour: boolean;

  constructor(
    private readonly io: Io,
    readonly json: boolean,
  ) {
    this.colour = io.stdout.isTTY === true && !io.env.NO_COLOR;
  }

  style(style: Style, value: string): string {
    if (!this.colour) return value;
    const [on, off] = CODES[style];
    return `\u001b[${on}m${value}\u001b[${off}m`;
  }

  /** Prints `value` as JSON with --json, else runs `human`. */
  result(value: unknown, human: () => void): void {
    if (this.json) this.line(JSON.stringify(value, null, 2));
    else human();
  }

  line(value = ''): void {
    this.io.stdout.write(`${value}\n`);
  }

  /** A note for the person at the terminal, on stderr (never mixed into --json output). */
  note(value: string): void {
    this.io.stderr.write(`${value}\n`);
  }

  table<T>(rows: readonly T[], columns: readonly Column<T>[]): void {
    if (rows.length === 0) {
      this.note('(none)');
      return;
    }
    const cells = rows.map((row) => columns.map((column) => text(column.value(row))));
    const widths = columns.map((column, i) =>
      Math.max(column.header.length, ...cells.map((row) => row[i]?.length ?? 0)),
    );
    const render = (row: readonly string[]) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd();
    this.line(this.style('bold', render(columns.map((column) => column.header.toUpperCase()))));
    for (const row of cells) this.line(render(row));
  }

  /** Label: value lines, for one object. */
  fields(pairs: readonly (readonly [string, unknown])[]): void {
    const width = Math.max(...pairs.map(([label]) => label.length));
    for (const [label, value] of pairs)
      this.line(`${this.style('dim', `${label}:`.padEnd(width + 1))} ${text(value)}`);
  }

  error(error: CliError): void {
    const { code, details } = error.options;
    if (this.json) {
      this.io.stderr.write(
        `${JSON.stringify({ error: { code, message: error.message, details } }, null, 2)}\n`,
      );
      return;
    }
    const red = (s: string) =>
      this.io.stderr.isTTY && !this.io.env.NO_COLOR ? `\u001b[31m${s}\u001b[39m` : s;
    this.io.stderr.write(`${red('error:')} ${error.message}${code ? ` (${code})` : ''}\n`);
    for (const detail of details ?? []) this.io.stderr.write(`  ${detail.path}: ${detail.message}\n`);
  }
}
