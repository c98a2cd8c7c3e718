/** Multi-row statements on PostgreSQL: rows in one lock order, in chunks of bounded size. */

/** Rows per statement: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;

type Tuple = readonly (string | number)[];

function compareTuples(a: Tuple, b: Tuple): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Every writer takes row locks in the same order, so concurrent applies on PostgreSQL never deadlock. */
export function sorted<T>(rows: readonly T[], tuple: (row: T) => Tuple): T[] {
  return [...rows].sort((a, b) => compareTuples(tuple(a), tuple(b)));
}

export function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}
