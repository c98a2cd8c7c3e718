import type { FlagJson, JsonValue, SdkData, SegmentJson } from '@switchyard/engine';
import type { Flag } from './domain.js';
import type { ErrorDetail } from './errors.js';
import { checkFlagConfig, checkSegmentRules, checkVariations } from './validation.js';

/** Every problem of SDK data on its own (before anything is read from the store). */
export function checkSdkData(data: SdkData): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  for (const [key, json] of Object.entries(data.flags ?? {})) checkFlag(key, json, issues);
  for (const [key, json] of Object.entries(data.segments ?? {})) checkSegment(key, json, issues);
  return issues;
}

/** The imported flags whose variations differ from the project's (which all environments share). */
export function checkVariationsMatch(data: SdkData, existing: ReadonlyMap<string, Flag>): ErrorDetail[] {
  const conflicts: ErrorDetail[] = [];
  for (const [key, json] of Object.entries(data.flags ?? {})) {
    const flag = existing.get(key);
    if (flag && JSON.stringify(flag.variations) !== JSON.stringify(json.variations)) {
      conflicts.push({
        path: `/flags/${key}/variations`,
        message:
          "differ from the project's variations for this flag, which all environments share; change them through the flag API first",
      });
    }
  }
  return conflicts;
}

function checkFlag(key: string, json: FlagJson, issues: ErrorDetail[]): void {
  const path = `/flags/${key}`;
  if (json.key !== undefined && json.key !== key)
    issues.push({ path: `${path}/key`, message: `"${json.key}" differs from the map key "${key}"` });
  const variations = (json.variations ?? []) as JsonValue[];
  checkVariations(variations, `${path}/variations`, issues);
  if (variations.length > 0)
    checkFlagConfig(json as Record<string, unknown>, variations.length, key, path, issues);
}

function checkSegment(key: string, json: SegmentJson, issues: ErrorDetail[]): void {
  const path = `/segments/${key}`;
  if (json.key !== undefined && json.key !== key)
    issues.push({ path: `${path}/key`, message: `"${json.key}" differs from the map key "${key}"` });
  checkSegmentRules(json.rules, `${path}/rules`, issues);
}
