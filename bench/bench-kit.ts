/** What the evaluation benchmarks share: settings from the environment, timed passes, medians, tables. */

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

export function envList<T extends string>(name: string, allowed: readonly T[]): readonly T[] {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return allowed;
  const picked = raw.split(',').map((s) => s.trim());
  for (const item of picked) {
    if (!(allowed as readonly string[]).includes(item)) {
      throw new Error(`${name}: unknown "${item}", expected some of ${allowed.join(',')}`);
    }
  }
  return picked as T[];
}

/** One pass over the pool; returns a checksum so no work can be optimized away. */
export type Pass = () => number | Promise<number>;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

let checksum = 0;

/**
 * Runs whole passes over the pool until `seconds` have passed; returns evaluations per second.
 * Every pass ends by yielding to the event loop, so promise jobs the SDK queued are counted.
 */
export async function measure(pass: Pass, poolSize: number, seconds: number): Promise<number> {
  const budget = seconds * 1e9;
  const start = process.hrtime.bigint();
  let evaluations = 0;
  let elapsed = 0;
  do {
    checksum += await pass();
    await yieldToEventLoop();
    evaluations += poolSize;
    elapsed = Number(process.hrtime.bigint() - start);
  } while (elapsed < budget);
  return evaluations / (elapsed / 1e9);
}

export interface Rounds {
  readonly poolSize: number;
  readonly rounds: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
}

/**
 * Warms every contender up, then measures each once per round, the order rotated each round so no
 * contender always runs right after the same neighbour; returns each one's rates.
 */
export async function measureInterleaved<C extends { readonly pass: Pass }>(
  contenders: readonly C[],
  { poolSize, rounds, seconds, warmupSeconds }: Rounds,
): Promise<Map<C, number[]>> {
  for (const c of contenders) await measure(c.pass, poolSize, warmupSeconds);
  const rates = new Map<C, number[]>(contenders.map((c) => [c, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < contenders.length; i++) {
      const c = contenders[(round + i) % contenders.length] as C;
      rates.get(c)?.push(await measure(c.pass, poolSize, seconds));
    }
    process.stdout.write(`\rround ${round + 1}/${rounds}`);
  }
  process.stdout.write('\n\n');
  return rates;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export const fmt = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');
export const fmtRatio = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(2)}x` : '-');

export function table(rows: readonly (readonly string[])[]): string {
  const widths = (rows[0] ?? []).map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r
      .map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0)))
      .join('  ');
  const [head, ...body] = rows;
  return [line(head ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** The sum of every pass's checksum so far, printed so that no pass can be optimized away. */
export function checksumSoFar(): number {
  return checksum;
}
