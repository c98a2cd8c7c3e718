import { RE2JS } from 're2js';

/**
 * Compiles a `matches` pattern with RE2 semantics, as LaunchDarkly's Go evaluator does: linear time in
 * the value's length whatever the pattern, unanchored (a search). A pattern RE2 rejects (back-references,
 * look-around, bad syntax) comes back as an error; the engine then lets it never match.
 * The shape is the engine's `PatternCompiler`, kept structural so this package needs nothing else.
 */
export function compileRe2Pattern(
  pattern: string,
): { readonly test: (value: string) => boolean } | { readonly error: string } {
  try {
    const re = RE2JS.compile(pattern);
    return { test: (value) => re.test(value) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
