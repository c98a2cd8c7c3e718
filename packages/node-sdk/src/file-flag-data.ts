/**
 * Flag files, as LaunchDarkly's file data source reads them (`{ flags, flagValues, segments }`, JSON)
 * and as Switchyard's `GET …/sdk-data` exports them (`{ flags, segments }`). Several files merge into
 * one data set; a key defined twice is an error, as in LaunchDarkly's SDKs. Anything malformed is an
 * error string, so a bad file is reported and never applied.
 */
import type { JsonValue } from '@switchyard/engine';
import type { FlagData } from './flag-store.js';
import { parseFlagData } from './stream-message.js';

type Item = Record<string, unknown>;

export type FileParse = { readonly data: FlagData } | { readonly error: string };

/** A flag that serves `value` to everyone, as LaunchDarkly builds one from `flagValues`. */
function valueFlag(key: string, value: JsonValue): Item {
  return {
    key,
    version: 1,
    on: true,
    variations: [value],
    fallthrough: { variation: 0 },
    offVariation: 0,
    targets: [],
    rules: [],
    prerequisites: [],
    salt: key,
  };
}

function isRecord(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseFile(path: string, text: string): FileParse {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return { error: `${path}: not JSON (${(error as Error).message})` };
  }
  if (!isRecord(body)) return { error: `${path}: not an object with flags, flagValues or segments` };
  const data = parseFlagData({ flags: body.flags, segments: body.segments });
  if (data === undefined) return { error: `${path}: flags and segments must be objects of objects` };
  if (body.flagValues === undefined) return { data };
  if (!isRecord(body.flagValues)) return { error: `${path}: flagValues must be an object` };
  const flags = { ...data.flags };
  for (const [key, value] of Object.entries(body.flagValues)) {
    if (Object.hasOwn(flags, key)) return { error: `${path}: the flag "${key}" is defined twice` };
    flags[key] = valueFlag(key, value as JsonValue);
  }
  return { data: { flags, segments: data.segments } };
}

/** The files' data merged, or the first error. */
export function parseFlagFiles(files: readonly { path: string; text: string }[]): FileParse {
  const flags: Record<string, Item> = {};
  const segments: Record<string, Item> = {};
  for (const { path, text } of files) {
    const parsed = parseFile(path, text);
    if ('error' in parsed) return parsed;
    for (const [kind, target, items] of [
      ['flag', flags, parsed.data.flags],
      ['segment', segments, parsed.data.segments],
    ] as const) {
      for (const [key, item] of Object.entries(items)) {
        if (Object.hasOwn(target, key)) return { error: `${path}: the ${kind} "${key}" is defined twice` };
        target[key] = { ...item, key };
      }
    }
  }
  return { data: { flags, segments } };
}
