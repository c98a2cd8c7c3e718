/**
 * `flags target` (individual context keys served one variation) and `flags rules
 * list|add|remove`: each reads the flag's targeting in the environment, edits it, and
 * PUTs it back with the version it read, so a change made meanwhile is never lost (409).
 */
import { readFile } from 'node:fs/promises';
import type { FlagConfig, FlagWithTargeting } from '@switchyard/server/admin-types';
import type { Command } from 'commander';
import { parseClause } from '../clause-syntax.js';
import { action, example, jsonOrString } from '../command-kit.js';
import { CliError, UsageError } from '../errors.js';
import { getFlag, putTargeting } from '../flag-api.js';
import type { Io } from '../io.js';
import { readAll } from '../prompt.js';
import type { Session } from '../session.js';
import { configIn, editTargets, removeRule, variationIndex } from '../targeting-edit.js';

type Rule = FlagConfig['rules'][number];

/** Repeatable options that also take comma-separated lists: `--add a,b --add c`. */
const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== ''),
];
const repeat = (value: string, previous: string[] = []) => [...previous, value];

async function edit(
  session: Session,
  flag: string,
  change: (found: FlagWithTargeting, config: FlagConfig) => FlagConfig,
): Promise<{ found: FlagWithTargeting; config: FlagConfig }> {
  const client = session.client();
  const project = session.project();
  const env = session.env();
  const found = await getFlag(client, project, flag);
  const config = await putTargeting(client, { project, flag, env }, change(found, configIn(found, env)));
  return { found, config };
}

function describeRule(found: FlagWithTargeting, rule: Rule): string {
  const clauses = rule.clauses
    .map((c) =>
      c.op === 'segmentMatch'
        ? `${c.negate ? 'not ' : ''}segmentMatch ${(c.values ?? []).join(',')}`
        : `${c.contextKind ?? 'user'}.${c.attribute} ${c.negate ? 'not ' : ''}${c.op} ${(c.values ?? []).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(',')}`,
    )
    .join(' and ');
  const serve =
    rule.variation !== undefined ? JSON.stringify(found.flag.variations[rule.variation]) : 'a rollout';
  return `${clauses} → ${serve}`;
}

async function rulesFromFile(session: Session, file: string): Promise<unknown[]> {
  const text = file === '-' ? await readAll(session.io.stdin) : await readFile(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file === '-' ? 'stdin' : file} is not JSON: ${(error as Error).message}`, {
      code: 'INVALID_JSON',
    });
  }
  return Array.isArray(parsed) ? parsed : [parsed];
}

export function flagTargetingCommands(flags: Command, io: Io): void {
  example(
    flags
      .command('target')
      .description('serve a variation to individual context keys, or stop')
      .argument('<flag>')
      .option('--add <keys>', 'keys to serve --variation (comma-separated, repeatable)', collect)
      .option('--remove <keys>', 'keys to stop targeting (comma-separated, repeatable)', collect)
      .option('--variation <value>', 'the variation\'s value, e.g. true or "blue"')
      .option('--kind <kind>', 'the context kind of the keys', 'user'),
    'switchyard flags target new-checkout --env production --add acme,globex --variation true --kind account',
    'switchyard flags target new-checkout --remove acme --kind account',
  ).action(
    action(io, async (session, [flag], options) => {
      const add: string[] = options.add ?? [];
      const remove: string[] = options.remove ?? [];
      if (add.length === 0 && remove.length === 0)
        throw new UsageError('Pass --add KEYS, --remove KEYS or both');
      const { config } = await edit(session, flag as string, (found, current) =>
        editTargets(current, {
          kind: options.kind,
          add,
          remove,
          variation:
            options.variation === undefined
              ? undefined
              : variationIndex(found, jsonOrString(options.variation)),
        }),
      );
      session.out.result(config, () =>
        session.out.line(
          `${flag} in ${session.env()}: ${add.length} key(s) targeted, ${remove.length} removed (version ${config.version}).`,
        ),
      );
    }),
  );

  const rules = example(
    flags.command('rules').description("a flag's targeting rules in the environment"),
    'switchyard flags rules list new-checkout --env production',
  );

  example(
    rules.command('list').description('the rules, in the order they are checked').argument('<flag>'),
    'switchyard flags rules list new-checkout --env production',
  ).action(
    action(io, async (session, [flag]) => {
      const found = await getFlag(session.client(), session.project(), flag as string);
      const config = configIn(found, session.env());
      session.out.result(config.rules, () =>
        session.out.table(
          config.rules.map((rule, index) => ({ rule, index })),
          [
            { header: '#', value: (r) => r.index },
            { header: 'id', value: (r) => r.rule.id },
            { header: 'rule', value: (r) => describeRule(found, r.rule) },
          ],
        ),
      );
    }),
  );

  example(
    rules
      .command('add')
      .description('add a rule, from clauses (all must match) and --serve, or as JSON from a file or stdin')
      .argument('<flag>')
      .option(
        '--clause <clause>',
        "e.g. 'user.email endsWith @acme.com' (repeatable; all must match)",
        repeat,
      )
      .option('--serve <value>', "the variation's value the rule serves, e.g. true")
      .option('--file <path>', "the rule (or an array of rules) as the API's JSON; - for stdin")
      .option('--id <id>', "the rule's id (default: one the server makes up)")
      .option('--position <n>', 'where to insert it (0 is checked first; default: last)'),
    "switchyard flags rules add new-checkout --clause 'user.email endsWith @acme.com' --serve true",
    'switchyard flags rules add new-checkout --file rule.json',
  ).action(
    action(io, async (session, [flag], options) => {
      const clauses: string[] = options.clause ?? [];
      if (clauses.length > 0 === (options.file !== undefined))
        throw new UsageError('Pass --clause (with --serve) or --file, not both');
      if (clauses.length > 0 && options.serve === undefined)
        throw new UsageError('--clause needs --serve VALUE');
      const fromFile = options.file === undefined ? undefined : await rulesFromFile(session, options.file);
      const { config } = await edit(session, flag as string, (found, current) => {
        const added = (fromFile ?? [
          {
            ...(options.id ? { id: options.id } : {}),
            clauses: clauses.map(parseClause),
            variation: variationIndex(found, jsonOrString(options.serve)),
          },
        ]) as Rule[];
        const at = options.position === undefined ? current.rules.length : Number(options.position);
        if (!Number.isInteger(at) || at < 0) throw new UsageError('--position must be 0 or more');
        return { ...current, rules: [...current.rules.slice(0, at), ...added, ...current.rules.slice(at)] };
      });
      session.out.result(config, () =>
        session.out.line(
          `${flag} in ${session.env()} has ${config.rules.length} rule(s) (version ${config.version}).`,
        ),
      );
    }),
  );

  example(
    rules
      .command('remove')
      .description('remove a rule, by its id or its position (see "flags rules list")')
      .argument('<flag>')
      .argument('<rule>', "the rule's id or position"),
    'switchyard flags rules remove new-checkout 0',
  ).action(
    action(io, async (session, [flag, rule]) => {
      const { config } = await edit(session, flag as string, (_found, current) => ({
        ...current,
        rules: removeRule(current, rule as string),
      }));
      session.out.result(config, () =>
        session.out.line(`${flag} in ${session.env()} has ${config.rules.length} rule(s) left.`),
      );
    }),
  );
}
