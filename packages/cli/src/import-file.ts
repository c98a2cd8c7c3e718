/**
 * Reading an import file: Switchyard's sdk-data, a LaunchDarkly SDK data file (the same
 * `{flags, segments}`), or a LaunchDarkly flag file (JSON or YAML, with `flagValues`: a
 * key and the one value to serve). Simple values become flags that serve that value to
 * everyone, using the project's variations when the flag already exists.
 */
import { readFile } from 'node:fs/promises';
import type { Flag, SdkData } from '@switchyard/server/admin-types';
import { parse as parseYaml } from 'yaml';
import { CliError } from './errors.js';

type FlagJson = NonNullable<SdkData['flags']>[string];

export interface ImportFile {
  readonly data: SdkData;
  /** How many flags came from `flagValues`. */
  readonly fromValues: number;
}

export async function readImportFile(path: string, text?: string): Promise<unknown> {
  const source = text ?? (await readFile(path, 'utf8'));
  try {
    return /\.ya?ml$/i.test(path) ? parseYaml(source) : JSON.parse(source);
  } catch (error) {
    throw new CliError(
      `${path} is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(error as Error).message}`,
      {
        code: 'INVALID_FILE',
      },
    );
  }
}

function flagForValue(key: string, value: unknown, existing: Flag | undefined): FlagJson {
  const variations = existing?.variations ?? (typeof value === 'boolean' ? [true, false] : [value]);
  const index = variations.findIndex((v) => JSON.stringify(v) === JSON.stringify(value));
  if (index < 0) {
    throw new CliError(`flagValues/${key}: ${JSON.stringify(value)} is not one of the flag's variations`, {
      code: 'INVALID_DATA',
      details: [{ path: `/flagValues/${key}`, message: `not one of ${JSON.stringify(variations)}` }],
    });
  }
  return {
    key,
    on: true,
    variations: [...variations],
    fallthrough: { variation: index },
    offVariation: index,
  } as FlagJson;
}

export function toSdkData(parsed: unknown, projectFlags: ReadonlyMap<string, Flag>): ImportFile {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CliError('The file must be an object with "flags", "segments" or "flagValues"', {
      code: 'INVALID_FILE',
    });
  }
  const { flags, segments, flagValues, ...rest } = parsed as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) {
    throw new CliError(`The file has keys an import does not know: ${unknown.join(', ')}`, {
      code: 'INVALID_FILE',
      details: unknown.map((key) => ({ path: `/${key}`, message: 'not flags, segments or flagValues' })),
    });
  }
  const values = Object.entries((flagValues ?? {}) as Record<string, unknown>);
  const data: SdkData = {
    flags: {
      ...((flags ?? {}) as Record<string, FlagJson>),
      ...Object.fromEntries(
        values.map(([key, value]) => [key, flagForValue(key, value, projectFlags.get(key))]),
      ),
    },
    segments: (segments ?? {}) as SdkData['segments'],
  };
  return { data, fromValues: values.length };
}
