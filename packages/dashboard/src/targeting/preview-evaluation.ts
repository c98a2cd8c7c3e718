/**
 * Evaluates a context against the edited, unsaved flag with the engine SDKs use, here in
 * the browser: the environment's SDK data with this flag replaced by the draft, prepared
 * as a snapshot (RE2 patterns, SHA-1 bucketing), so prerequisites and segments count too.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  createEvaluator,
  type Evaluation,
  type FlagJson,
  type JsonValue,
  parseContext,
  prepareSnapshot,
  type SdkData,
} from '@switchyard/engine';
import { compileRe2Pattern } from '@switchyard/patterns';
import type { Flag, FlagConfig } from '@switchyard/server/admin-types';
import type { DraftBody } from './draft';

const evaluator = createEvaluator({ sha1Hex: (input) => bytesToHex(sha1(utf8ToBytes(input))) });

export interface PreviewInput {
  readonly flag: Flag;
  readonly config: FlagConfig;
  readonly body: DraftBody;
  readonly sdkData: SdkData;
  readonly context: unknown;
}

export type PreviewResult = { readonly evaluation: Evaluation } | { readonly contextError: string };

export function previewEvaluation({ flag, config, body, sdkData, context }: PreviewInput): PreviewResult {
  const parsed = parseContext(context);
  if (!parsed.valid)
    return { contextError: `Not a valid context: ${parsed.error ?? 'it needs a kind and a key'}` };
  const edited: FlagJson = {
    ...body.targeting,
    key: flag.key,
    version: config.version,
    salt: config.salt,
    variations: flag.variations as JsonValue[],
    clientSideAvailability: body.clientSideAvailability,
  } as FlagJson;
  const snapshot = prepareSnapshot(
    { flags: { ...sdkData.flags, [flag.key]: edited }, segments: sdkData.segments ?? {} },
    { compilePattern: compileRe2Pattern },
  );
  return { evaluation: evaluator.evaluate(snapshot, flag.key, parsed) };
}
