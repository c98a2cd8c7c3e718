/**
 * Loads LaunchDarkly's sdk-test-harness server-side evaluation files: textual
 * substitution of constants and parameters, YAML with anchors and merge keys, and the
 * harness's normalisation of partial flags and segments (../shared/conformance/README.md).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export type ValueType = 'bool' | 'int' | 'double' | 'string' | 'any';

export interface HarnessEvaluation {
  readonly file: string;
  readonly suite: string;
  readonly name: string;
  readonly flagKey: string;
  readonly context: unknown;
  readonly valueType: ValueType;
  readonly defaultValue: unknown;
  readonly expect: {
    readonly value: unknown;
    readonly variationIndex: number | null;
    readonly reason: unknown;
  };
  readonly sdkData: {
    flags: Record<string, Record<string, unknown>>;
    segments: Record<string, Record<string, unknown>>;
  };
}

type Params = Record<string, unknown>;

function parseYaml(text: string, file: string): unknown[] {
  return parseAllDocuments(text, { merge: true }).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message}`);
    return doc.toJS({ maxAliasCount: -1 });
  });
}

function substitute(text: string, params: Params): string {
  let out = text;
  for (const [name, value] of Object.entries(params)) {
    const json = JSON.stringify(value);
    out = out.split(`"<${name}>"`).join(json);
    out = out.split(`<${name}>`).join(typeof value === 'string' ? value : json);
  }
  return out;
}

/** One parameter set per object, or the cartesian product of lists of objects. */
function parameterSets(parameters: unknown): Params[] {
  if (!Array.isArray(parameters) || parameters.length === 0) return [{}];
  if (!Array.isArray(parameters[0])) return parameters as Params[];
  return (parameters as Params[][]).reduce<Params[]>(
    (sets, group) => sets.flatMap((set) => group.map((p) => ({ ...set, ...p }))),
    [{}],
  );
}

const FLAG_ARRAYS = ['variations', 'targets', 'contextTargets', 'rules', 'prerequisites'];
const SEGMENT_ARRAYS = ['included', 'excluded', 'includedContexts', 'excludedContexts', 'rules'];

/** Fills what Go's ldmodel fills when it re-marshals partial test data. */
function normalize(
  items: unknown,
  arrays: string[],
  isFlag: boolean,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [key, raw] of Object.entries((items ?? {}) as Record<string, Record<string, unknown>>)) {
    const item: Record<string, unknown> = { ...raw, key: raw.key ?? key, version: raw.version ?? 1 };
    for (const field of arrays) item[field] ??= [];
    const rules = (item.rules as Record<string, unknown>[]).map((rule) => ({
      ...rule,
      clauses: rule.clauses ?? [],
    }));
    item.rules = rules;
    if (isFlag) item.salt ??= '';
    out[key] = item;
  }
  return out;
}

function jsonTypeOf(value: unknown): ValueType {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'double';
  if (typeof value === 'string') return 'string';
  return 'any';
}

function zeroValue(sample: unknown): unknown {
  switch (typeof sample) {
    case 'boolean':
      return false;
    case 'number':
      return 0;
    case 'string':
      return '';
    default:
      return null;
  }
}

function expandFile(dir: string, file: string): HarnessEvaluation[] {
  const raw = readFileSync(join(dir, file), 'utf8');
  const out: HarnessEvaluation[] = [];
  for (const template of parseYaml(raw, file) as Record<string, unknown>[]) {
    const constants = (template.constants ?? {}) as Params;
    for (const params of parameterSets(template.parameters)) {
      const text = substitute(substitute(substitute(raw, constants), params), constants);
      for (const suite of parseYaml(text, file) as Record<string, unknown>[]) {
        if (suite.name !== template.name && parseYaml(raw, file).length > 1) continue;
        const data = (suite.sdkData ?? {}) as Record<string, unknown>;
        const sdkData = {
          flags: normalize(data.flags, FLAG_ARRAYS, true),
          segments: normalize(data.segments, SEGMENT_ARRAYS, false),
        };
        for (const [i, e] of ((suite.evaluations ?? []) as Record<string, unknown>[]).entries()) {
          const flagKey = String(e.flagKey);
          const firstVariation = (sdkData.flags[flagKey]?.variations as unknown[] | undefined)?.[0];
          const defaultValue = e.default ?? zeroValue(firstVariation);
          const expect = e.expect as Record<string, unknown>;
          out.push({
            file,
            suite: String(suite.name),
            name: String(e.name ?? `#${i}`),
            flagKey,
            context: e.context,
            valueType: (e.valueType as ValueType | undefined) ?? jsonTypeOf(defaultValue),
            defaultValue,
            expect: {
              value: expect.value ?? null,
              variationIndex: (expect.variationIndex as number | undefined) ?? null,
              reason: expect.reason,
            },
            sdkData,
          });
        }
      }
    }
  }
  return out;
}

/** The conformance folder: SWITCHYARD_CONFORMANCE_DIR, or ../shared beside the repository. */
export function conformanceDir(repoRoot: string): string | undefined {
  const dir =
    process.env.SWITCHYARD_CONFORMANCE_DIR ??
    join(repoRoot, '..', 'shared', 'conformance', 'ld-server-side-eval');
  return existsSync(dir) ? dir : undefined;
}

export function loadHarnessEvaluations(dir: string): HarnessEvaluation[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .sort()
    .flatMap((file) => expandFile(dir, file));
}
