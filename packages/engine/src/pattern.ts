/** A compiled `matches` pattern: true when it matches anywhere in the value (a search, like Go's MatchString). */
export type PatternTest = (value: string) => boolean;

/**
 * Compiles a `matches` pattern, or says why it cannot. Injected like `Sha1Hex`, so the engine has no
 * regex engine of its own: callers pass a linear-time one (RE2 semantics, `@switchyard/patterns`),
 * and no flag's pattern can make an evaluation backtrack.
 */
export type PatternCompiler = (
  pattern: string,
) => { readonly test: PatternTest } | { readonly error: string };

/** What preparing a snapshot needs from the outside world. */
export interface PrepareOptions {
  readonly compilePattern: PatternCompiler;
}
