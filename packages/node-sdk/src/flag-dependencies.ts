/**
 * Which flags a change can affect: the changed flags, flags whose rules match a changed segment
 * (or a segment whose rules match one, transitively), and, transitively, every flag that has one
 * of those as a prerequisite.
 */
type Item = Record<string, unknown>;

function records(value: unknown): Item[] {
  return Array.isArray(value) ? value.filter((v): v is Item => typeof v === 'object' && v !== null) : [];
}

/** Segment keys a flag's or segment's rules reference by `segmentMatch`. */
function segmentRefs(item: Item): string[] {
  const refs: string[] = [];
  for (const rule of records(item.rules)) {
    for (const clause of records(rule.clauses)) {
      if (clause.op !== 'segmentMatch') continue;
      for (const value of Array.isArray(clause.values) ? clause.values : []) {
        if (typeof value === 'string') refs.push(value);
      }
    }
  }
  return refs;
}

function prerequisiteKeys(flag: Item): string[] {
  return records(flag.prerequisites)
    .map((p) => p.key)
    .filter((k): k is string => typeof k === 'string');
}

/** The changed segments and every segment whose rules match one of them, transitively. */
function withDependentSegments(segments: ReadonlyMap<string, Item>, changed: readonly string[]): Set<string> {
  const result = new Set(changed);
  let grew = result.size > 0;
  while (grew) {
    grew = false;
    for (const [key, segment] of segments) {
      if (!result.has(key) && segmentRefs(segment).some((s) => result.has(s))) {
        result.add(key);
        grew = true;
      }
    }
  }
  return result;
}

export function changedFlagKeys(
  flags: ReadonlyMap<string, Item>,
  allSegments: ReadonlyMap<string, Item>,
  changedFlags: readonly string[],
  changedSegments: readonly string[],
): string[] {
  const result = new Set(changedFlags);
  if (changedSegments.length > 0) {
    const segments = withDependentSegments(allSegments, changedSegments);
    for (const [key, flag] of flags) if (segmentRefs(flag).some((s) => segments.has(s))) result.add(key);
  }
  // A flag depends on its prerequisites: repeat until no flag joins (chains are short).
  let grew = true;
  while (grew) {
    grew = false;
    for (const [key, flag] of flags) {
      if (result.has(key)) continue;
      if (prerequisiteKeys(flag).some((p) => result.has(p))) {
        result.add(key);
        grew = true;
      }
    }
  }
  return [...result];
}
