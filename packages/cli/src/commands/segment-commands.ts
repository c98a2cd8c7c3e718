/**
 * `segments list|get|create|add-keys|remove-keys`. Keys come from a file or stdin, one a
 * line, and however many there are the change is one read and one write (with the
 * version read, so a concurrent change gets 409 rather than being lost).
 */
import { readFile } from 'node:fs/promises';
import type { ListBody, Segment } from '@switchyard/server/admin-types';
import type { Command } from 'commander';
import { action, enc, example, type Options } from '../command-kit.js';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { readAll } from '../prompt.js';
import type { Session } from '../session.js';

const segmentsPath = (session: Session) =>
  `/api/v1/projects/${enc(session.project())}/environments/${enc(session.env())}/segments`;

function segmentBody(segment: Segment) {
  const { name, description, tags, included, excluded, includedContexts, excludedContexts, rules, version } =
    segment;
  return { name, description, tags, included, excluded, includedContexts, excludedContexts, rules, version };
}

/** Keys one a line (blank lines and `#` comments skipped), from --file, else stdin. */
async function readKeys(session: Session, options: Options): Promise<string[]> {
  if (options.file === undefined && session.io.stdin.isTTY) {
    throw new UsageError('Give the keys with --file PATH or on stdin, one a line');
  }
  const text =
    options.file === undefined || options.file === '-'
      ? await readAll(session.io.stdin)
      : await readFile(options.file, 'utf8');
  const keys = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  if (keys.length === 0) throw new UsageError('No keys given');
  return [...new Set(keys)];
}

type Lists = Pick<Segment, 'included' | 'excluded' | 'includedContexts' | 'excludedContexts'>;

/** Adds or removes keys in the included (or --excluded) list, for users or another --kind. */
function changeKeys(segment: Segment, keys: readonly string[], options: Options, adding: boolean): Lists {
  const excluded = options.excluded === true;
  const kind: string = options.kind;
  const gone = new Set(keys);
  const apply = (values: readonly string[]) =>
    adding ? [...values, ...keys.filter((k) => !values.includes(k))] : values.filter((v) => !gone.has(v));
  if (kind === 'user') {
    const list = excluded ? 'excluded' : 'included';
    return { ...segment, [list]: apply(segment[list]) };
  }
  const list = excluded ? 'excludedContexts' : 'includedContexts';
  const targets = segment[list];
  const found = targets.find((t) => t.contextKind === kind);
  const next = found
    ? targets.map((t) => (t === found ? { ...t, values: apply(t.values ?? []) } : t))
    : adding
      ? [...targets, { contextKind: kind, values: [...keys] }]
      : targets;
  return { ...segment, [list]: next.filter((t) => (t.values ?? []).length > 0) };
}

function keysCommand(segments: Command, io: Io, name: 'add-keys' | 'remove-keys'): void {
  const adding = name === 'add-keys';
  example(
    segments
      .command(name)
      .description(
        `${adding ? 'add' : 'remove'} context keys (one a line, from --file or stdin) in one request`,
      )
      .argument('<segment>')
      .option('--file <path>', 'the keys, one a line (- or none: stdin)')
      .option('--kind <kind>', "the keys' context kind", 'user')
      .option('--excluded', 'the excluded list instead of the included one'),
    `switchyard segments ${name} beta-testers --file keys.txt`,
    `cut -d, -f1 customers.csv | switchyard segments ${name} beta-testers --kind account`,
  ).action(
    action(io, async (session, [key], options) => {
      const keys = await readKeys(session, options);
      const client = session.client();
      const path = `${segmentsPath(session)}/${enc(key as string)}`;
      const segment = await client.get<Segment>(path);
      const updated = await client.put<Segment>(
        path,
        segmentBody({ ...segment, ...changeKeys(segment, keys, options, adding) }),
      );
      session.out.result(updated, () =>
        session.out.line(
          `${key}: ${keys.length} key(s) ${adding ? 'added' : 'removed'}; ${updated.included.length} included, ${updated.excluded.length} excluded (version ${updated.version}).`,
        ),
      );
    }),
  );
}

export function segmentCommands(program: Command, io: Io): void {
  const segments = example(
    program.command('segments').description("an environment's segments (reusable sets of contexts)"),
    'switchyard segments add-keys beta-testers --file keys.txt --env production',
  );

  example(
    segments.command('list').description("the environment's segments"),
    'switchyard segments list --env production',
  ).action(
    action(io, async (session) => {
      const { items } = await session.client().get<ListBody<Segment>>(segmentsPath(session));
      session.out.result(items, () =>
        session.out.table(items, [
          { header: 'key', value: (s) => s.key },
          { header: 'name', value: (s) => s.name },
          {
            header: 'included',
            value: (s) =>
              s.included.length + s.includedContexts.reduce((n, t) => n + (t.values ?? []).length, 0),
          },
          {
            header: 'excluded',
            value: (s) =>
              s.excluded.length + s.excludedContexts.reduce((n, t) => n + (t.values ?? []).length, 0),
          },
          { header: 'rules', value: (s) => s.rules.length },
        ]),
      );
    }),
  );

  example(
    segments.command('get').description('one segment').argument('<segment>'),
    'switchyard segments get beta-testers --json',
  ).action(
    action(io, async (session, [key]) => {
      const segment = await session.client().get<Segment>(`${segmentsPath(session)}/${enc(key as string)}`);
      session.out.result(segment, () =>
        session.out.fields([
          ['key', segment.key],
          ['name', segment.name],
          ['description', segment.description || '-'],
          ['included', segment.included.length],
          ['excluded', segment.excluded.length],
          [
            'contexts',
            segment.includedContexts.map((t) => `${t.contextKind}: ${(t.values ?? []).length}`).join(', ') ||
              '-',
          ],
          ['rules', segment.rules.length],
          ['version', segment.version],
        ]),
      );
    }),
  );

  example(
    segments
      .command('create')
      .description('a new, empty segment in the environment')
      .argument('<key>')
      .option('--name <name>', 'a readable name (default: the key)')
      .option('--description <text>'),
    'switchyard segments create beta-testers --name "Beta testers"',
  ).action(
    action(io, async (session, [key], options) => {
      const created = await session.client().post<Segment>(segmentsPath(session), {
        key,
        name: options.name ?? key,
        ...(options.description ? { description: options.description } : {}),
      });
      session.out.result(created, () =>
        session.out.line(`Created segment ${created.key} in ${session.env()}.`),
      );
    }),
  );

  keysCommand(segments, io, 'add-keys');
  keysCommand(segments, io, 'remove-keys');
}
