/**
 * `flags list|get|create|toggle|archive|history|revert`; targeting edits (`target`,
 * `rules`) are in flag-targeting-commands.ts.
 */

import type {
  AuditEntry,
  Flag,
  FlagConfig,
  FlagWithTargeting,
  ListBody,
  SdkData,
} from '@switchyard/server/admin-types';
import type { Command } from 'commander';
import { action, enc, example, parseJsonOption } from '../command-kit.js';
import { UsageError } from '../errors.js';
import { flagPath, flagsPath, getFlag } from '../flag-api.js';
import type { Io } from '../io.js';
import { findVersion, type RevertTarget, versionOf } from '../revert-target.js';
import type { Session } from '../session.js';
import { auditColumns } from './audit-commands.js';
import { flagTargetingCommands } from './flag-targeting-commands.js';

function describeServe(found: FlagWithTargeting, config: FlagConfig): string {
  const { variation, rollout } = config.fallthrough;
  if (variation !== undefined) return JSON.stringify(found.flag.variations[variation]);
  return rollout ? `rollout over ${(rollout.variations ?? []).length} variations` : '-';
}

function printFlag(session: Session, found: FlagWithTargeting): void {
  const { flag } = found;
  session.out.fields([
    ['key', flag.key],
    ['name', flag.name],
    ['description', flag.description || '-'],
    ['tags', flag.tags.join(', ') || '-'],
    ['variations', flag.variations.map((v) => JSON.stringify(v)).join(', ')],
    ['archived', flag.archived],
    ['version', flag.version],
  ]);
  session.out.line();
  session.out.table(Object.entries(found.environments), [
    { header: 'environment', value: ([env]) => env },
    { header: 'on', value: ([, c]) => (c.on ? session.out.style('green', 'on') : 'off') },
    {
      header: 'targets',
      value: ([, c]) => [...c.targets, ...c.contextTargets].reduce((n, t) => n + (t.values ?? []).length, 0),
    },
    { header: 'rules', value: ([, c]) => c.rules.length },
    { header: 'default', value: ([, c]) => describeServe(found, c) },
    { header: 'version', value: ([, c]) => c.version },
  ]);
}

export function flagCommands(program: Command, io: Io): void {
  const flags = example(
    program.command('flags').description('feature flags: list, create, toggle, target, rules, history'),
    'switchyard flags list --project shop --env production',
  );

  example(
    flags
      .command('list')
      .description("the project's flags, with their state in the environment when one is set")
      .option('--tag <tag>', 'only flags with this tag')
      .option('--query <text>', 'only flags whose key or name contains this')
      .option('--archived', 'the archived flags instead'),
    'switchyard flags list --project shop --env production',
  ).action(
    action(io, async (session, _args, options) => {
      const client = session.client();
      const project = session.project();
      const { items } = await client.get<ListBody<Flag>>(flagsPath(project), {
        query: { tag: options.tag, q: options.query, archived: options.archived },
      });
      const env = session.options.env ?? session.profile?.env;
      const data =
        env === undefined
          ? undefined
          : await client.get<SdkData>(`/api/v1/projects/${enc(project)}/environments/${enc(env)}/sdk-data`);
      const state = (key: string) => data?.flags?.[key]?.on;
      session.out.result(
        items.map((flag) => (env === undefined ? flag : { ...flag, on: state(flag.key) ?? false, env })),
        () =>
          session.out.table(items, [
            { header: 'key', value: (f) => f.key },
            { header: 'name', value: (f) => f.name },
            ...(env === undefined
              ? []
              : [
                  {
                    header: env,
                    value: (f: Flag) => (state(f.key) ? session.out.style('green', 'on') : 'off'),
                  },
                ]),
            { header: 'variations', value: (f) => f.variations.map((v) => JSON.stringify(v)).join(' ') },
            { header: 'tags', value: (f) => f.tags.join(',') },
          ]),
      );
    }),
  );

  example(
    flags
      .command('get')
      .description("a flag's definition and its targeting in each environment")
      .argument('<flag>'),
    'switchyard flags get new-checkout --json',
  ).action(
    action(io, async (session, [flag]) => {
      const found = await getFlag(session.client(), session.project(), flag as string);
      session.out.result(found, () => printFlag(session, found));
    }),
  );

  example(
    flags
      .command('create')
      .description('a new flag (boolean unless --variations is given), off in every environment')
      .argument('<key>')
      .option('--name <name>', 'a readable name (default: the key)')
      .option('--description <text>')
      .option('--tag <tag...>', 'tags')
      .option('--temporary', 'mark it as a flag to remove once rolled out')
      .option('--variations <json>', 'the variations as a JSON array, e.g. \'["a","b"]\''),
    'switchyard flags create new-checkout --name "New checkout" --tag checkout',
    'switchyard flags create tier --variations \'["free","pro"]\'',
  ).action(
    action(io, async (session, [key], options) => {
      const variations =
        options.variations === undefined ? undefined : parseJsonOption('--variations', options.variations);
      if (variations !== undefined && !Array.isArray(variations))
        throw new UsageError('--variations must be a JSON array');
      const created = await session.client().post<FlagWithTargeting>(flagsPath(session.project()), {
        key,
        name: options.name ?? key,
        ...(options.description ? { description: options.description } : {}),
        ...(options.tag ? { tags: options.tag } : {}),
        ...(options.temporary ? { temporary: true } : {}),
        ...(variations ? { variations } : {}),
      });
      session.out.result(created, () =>
        session.out.line(`Created flag ${created.flag.key} in ${created.flag.projectKey}.`),
      );
    }),
  );

  example(
    flags
      .command('toggle')
      .description('turn a flag on or off in the environment')
      .argument('<flag>')
      .option('--on', 'turn it on')
      .option('--off', 'turn it off'),
    'switchyard flags toggle new-checkout --on --env production',
  ).action(
    action(io, async (session, [flag], options) => {
      if (Boolean(options.on) === Boolean(options.off))
        throw new UsageError('Pass exactly one of --on and --off');
      const project = session.project();
      const env = session.env();
      const config = await session
        .client()
        .post<FlagConfig>(`${flagPath(project, flag as string)}/environments/${enc(env)}/toggle`, {
          on: Boolean(options.on),
        });
      session.out.result(config, () => session.out.line(`${flag} is ${config.on ? 'on' : 'off'} in ${env}.`));
    }),
  );

  example(
    flags
      .command('archive')
      .description('archive a flag (SDKs stop receiving it), or bring it back with --restore')
      .argument('<flag>')
      .option('--restore', 'unarchive it'),
    'switchyard flags archive old-banner',
  ).action(
    action(io, async (session, [flag], options) => {
      const archived = !options.restore;
      const changed = await session
        .client()
        .patch<Flag>(flagPath(session.project(), flag as string), { archived });
      session.out.result(changed, () =>
        session.out.line(`${flag} is ${archived ? 'archived' : 'no longer archived'}.`),
      );
    }),
  );

  example(
    flags
      .command('history')
      .description("the flag's audit log, newest first")
      .argument('<flag>')
      .option('--limit <n>', 'at most this many entries', '20'),
    'switchyard flags history new-checkout --limit 5',
  ).action(
    action(io, async (session, [flag], options) => {
      const { items } = await session.client().get<ListBody<AuditEntry>>('/api/v1/audit', {
        query: { project: session.project(), flag, limit: options.limit },
      });
      session.out.result(items, () =>
        session.out.table(items, [
          ...auditColumns(),
          { header: 'version', value: (e) => versionOf(e.after) ?? '-' },
        ]),
      );
    }),
  );

  example(
    flags
      .command('revert')
      .description("set the flag's targeting in the environment back to an earlier version")
      .argument('<flag>')
      .option('--to <version>', 'the version to return to (see "flags history")')
      .option('--audit <id>', 'or: undo this audit entry (restore the targeting it found)'),
    'switchyard flags revert new-checkout --to 3 --env production',
    'switchyard flags revert new-checkout --audit 42',
  ).action(
    action(io, async (session, [flag], options) => {
      if ((options.to === undefined) === (options.audit === undefined))
        throw new UsageError('Pass exactly one of --to VERSION and --audit ID');
      const number = Number(options.to ?? options.audit);
      if (!Number.isSafeInteger(number) || number < 1)
        throw new UsageError(
          `${options.to === undefined ? '--audit' : '--to'} must be a positive whole number`,
        );
      const ref = { project: session.project(), flag: flag as string, env: session.env() };
      const client = session.client();
      const target: RevertTarget =
        options.to === undefined ? { auditId: number, to: 'before' } : await findVersion(client, ref, number);
      const config = await client.post<FlagConfig>(
        `${flagPath(ref.project, ref.flag)}/environments/${enc(ref.env)}/revert`,
        target,
      );
      session.out.result(config, () =>
        session.out.line(
          `${flag} in ${ref.env} is back to ${options.to === undefined ? `before audit entry ${number}` : `version ${number}`}, as version ${config.version}.`,
        ),
      );
    }),
  );

  flagTargetingCommands(flags, io);
}
