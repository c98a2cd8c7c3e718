/**
 * Semantic Versioning 2.0 with LaunchDarkly's leniency: a missing minor or patch
 * part counts as 0 ("2" is 2.0.0, "2-rc" is 2.0.0-rc). A leading "v", leading zeros
 * or a fourth component do not parse.
 */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: readonly (string | number)[];
}

const IDENT = '(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)';
const SEMVER = new RegExp(
  `^(0|[1-9]\\d*)(?:\\.(0|[1-9]\\d*))?(?:\\.(0|[1-9]\\d*))?` +
    `(?:-(${IDENT}(?:\\.${IDENT})*))?(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?$`,
);

export function parseSemVer(input: unknown): SemVer | undefined {
  if (typeof input !== 'string') return undefined;
  const m = SEMVER.exec(input);
  if (m === null) return undefined;
  const [, major, minor, patch, pre] = m;
  // A patch part without a minor part cannot be written, so "1..2" never reaches here.
  if (patch !== undefined && minor === undefined) return undefined;
  return {
    major: Number(major),
    minor: minor === undefined ? 0 : Number(minor),
    patch: patch === undefined ? 0 : Number(patch),
    prerelease: pre === undefined ? [] : pre.split('.').map((id) => (/^\d+$/.test(id) ? Number(id) : id)),
  };
}

function compareIdentifiers(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  // Numeric identifiers have lower precedence than alphanumeric ones.
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Precedence order: negative, zero or positive. Build metadata is ignored. */
export function compareSemVer(a: SemVer, b: SemVer): number {
  const main = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (main !== 0) return main;
  const ap = a.prerelease;
  const bp = b.prerelease;
  if (ap.length === 0 || bp.length === 0) return bp.length - ap.length;
  const n = Math.min(ap.length, bp.length);
  for (let i = 0; i < n; i++) {
    const c = compareIdentifiers(ap[i] as string | number, bp[i] as string | number);
    if (c !== 0) return c;
  }
  return ap.length - bp.length;
}
