/** Which flags of an environment use a segment: derived from their rules' segmentMatch clauses. */
import type { SdkData } from '@switchyard/engine';

export function flagsUsingSegment(data: SdkData | undefined, segmentKey: string): string[] {
  const out: string[] = [];
  for (const [key, flag] of Object.entries(data?.flags ?? {})) {
    const uses = (flag.rules ?? []).some((rule) =>
      (rule.clauses ?? []).some((c) => c.op === 'segmentMatch' && (c.values ?? []).includes(segmentKey)),
    );
    if (uses) out.push(key);
  }
  return out.sort();
}
