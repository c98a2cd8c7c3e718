/**
 * The `matches` operator's cost: JavaScript's backtracking RegExp against the RE2 compiler the
 * engine is given (`@switchyard/patterns`, re2js), side by side in one run, per pattern and value.
 * Ordinary patterns on ordinary values show the price of linear time; a backtracking-prone pattern
 * on a near miss shows what it buys. RegExp runs the hostile case at a length it finishes in, and
 * the time per doubling is printed so the growth shows.
 *
 *   npm run bench:matches            (or: node --import tsx bench/matches-eval.ts)
 */
import { compileRe2Pattern } from '../packages/patterns/dist/index.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const MS = Number(process.env.BENCH_MS ?? 300);

type Test = (value: string) => boolean;

function regExp(pattern: string): Test {
  const re = new RegExp(pattern);
  return (value) => re.test(value);
}

function re2(pattern: string): Test {
  const compiled = compileRe2Pattern(pattern);
  if (!('test' in compiled)) throw new Error(compiled.error);
  return compiled.test;
}

/** Nanoseconds per call: the median over ROUNDS runs of MS milliseconds each. */
function nsPerCall(test: Test, value: string): number {
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let calls = 0;
    const started = performance.now();
    let elapsed = 0;
    while (elapsed < MS) {
      for (let i = 0; i < 100; i++) test(value);
      calls += 100;
      elapsed = performance.now() - started;
    }
    rounds.push((elapsed * 1e6) / calls);
  }
  rounds.sort((a, b) => a - b);
  return rounds[Math.floor(rounds.length / 2)] ?? Number.NaN;
}

/** One call's milliseconds, for cases too slow to loop. */
function onceMs(test: Test, value: string): number {
  const started = performance.now();
  test(value);
  return performance.now() - started;
}

const ordinary: [string, string, string][] = [
  ['literal', 'beta', 'user-beta-tester@example.com'],
  ['suffix', '@example\\.com$', 'ann@example.com'],
  ['alternation', '^(ios|android|web)-\\d+$', 'android-1234'],
  ['class run', '^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$', 'first.last+tag@mail.example.org'],
  ['miss, 1 KiB value', 'needle', 'hay '.repeat(256)],
];

console.log(`matches: RegExp against RE2 (re2js), median of ${ROUNDS} x ${MS} ms, ns per call`);
console.log('case                 RegExp      RE2   RE2/RegExp');
for (const [name, pattern, value] of ordinary) {
  const a = nsPerCall(regExp(pattern), value);
  const b = nsPerCall(re2(pattern), value);
  console.log(
    `${name.padEnd(18)} ${a.toFixed(0).padStart(8)} ${b.toFixed(0).padStart(8)} ${(b / a).toFixed(1).padStart(10)}x`,
  );
}

const hostile = '^(\\w+\\s?)+$';
console.log(`\nnear miss on ${hostile}: n letters then "!", ms for one call`);
console.log('   n     RegExp        RE2');
for (const n of [16, 18, 20, 22, 24]) {
  const value = `${'a'.repeat(n)}!`;
  console.log(
    `${String(n).padStart(4)} ${onceMs(regExp(hostile), value).toFixed(2).padStart(10)} ${onceMs(re2(hostile), value).toFixed(3).padStart(10)}`,
  );
}
for (const n of [1000, 8192]) {
  const value = `${'a'.repeat(n)}!`;
  console.log(
    `${String(n).padStart(4)} ${'(years)'.padStart(10)} ${onceMs(re2(hostile), value).toFixed(3).padStart(10)}`,
  );
}
