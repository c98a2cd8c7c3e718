/**
 * `audit list` and `audit tail`: the audit log with filters; tail prints the latest
 * entries and then follows new ones (polling) until Ctrl-C.
 */

import type { AuditEntry, ListBody } from '@switchyard/server/admin-types';
import type { Command } from 'commander';
import { action, example, type Options } from '../command-kit.js';
import { parseDuration, parseSince } from '../duration.js';
import type { Io } from '../io.js';
import type { Column } from '../output.js';
import type { Session } from '../session.js';

export function auditColumns(): Column<AuditEntry>[] {
  return [
    { header: 'id', value: (e) => e.id },
    { header: 'at', value: (e) => e.at },
    { header: 'actor', value: (e) => (e.actor.kind === 'system' ? `system:${e.actor.name}` : e.actor.name) },
    { header: 'action', value: (e) => e.action },
    {
      header: 'resource',
      value: (e) => [e.projectKey, e.environmentKey, e.resourceKey].filter((part) => part !== null).join('/'),
    },
  ];
}

function filterOptions(command: Command): Command {
  return command
    .option('--flag <key>', 'only this flag (needs the project)')
    .option('--segment <key>', 'only this segment (needs the project)')
    .option('--actor <id>', "only this actor: a token's id, or a system actor such as circuit-breaker")
    .option('--since <when>', 'only entries since a duration ago (10m, 2h) or a date');
}

function query(session: Session, options: Options, limit: number) {
  const needsProject = options.flag !== undefined || options.segment !== undefined;
  const project = needsProject ? session.project() : (session.options.project ?? session.profile?.project);
  return {
    project,
    flag: options.flag,
    segment: options.segment,
    actor: options.actor,
    from: options.since === undefined ? undefined : parseSince(options.since, Date.now()),
    limit,
  };
}

const fetchAudit = async (session: Session, q: ReturnType<typeof query>) =>
  (await session.client().get<ListBody<AuditEntry>>('/api/v1/audit', { query: q })).items;

export function auditCommands(program: Command, io: Io): void {
  const audit = example(
    program.command('audit').description('the audit log: who changed what, when'),
    'switchyard audit tail --flag new-checkout',
  );

  example(
    filterOptions(audit.command('list').description('audit entries, newest first')).option(
      '--limit <n>',
      'at most this many',
      '50',
    ),
    'switchyard audit list --flag new-checkout --since 2h',
  ).action(
    action(io, async (session, _args, options) => {
      const items = await fetchAudit(session, query(session, options, Number(options.limit)));
      session.out.result(items, () => session.out.table(items, auditColumns()));
    }),
  );

  example(
    filterOptions(
      audit
        .command('tail')
        .description('the latest entries, then new ones as they are written, until Ctrl-C'),
    )
      .option('--lines <n>', 'how many of the latest entries to print first', '10')
      .option('--interval <duration>', 'how often to ask the server', '2s')
      .option('--no-follow', 'print the latest entries and stop'),
    'switchyard audit tail --actor circuit-breaker',
    'switchyard audit tail --flag new-checkout --json   # one JSON object a line',
  ).action(
    action(io, async (session, _args, options) => {
      const intervalMs = parseDuration(options.interval, '--interval');
      const first = [
        ...(await fetchAudit(session, query(session, options, Number(options.lines)))),
      ].reverse();
      if (!options.follow) {
        session.out.result(first, () => session.out.table(first, auditColumns()));
        return;
      }
      const print = (entry: AuditEntry) => {
        if (session.out.json) session.out.line(JSON.stringify(entry));
        else
          session.out.line(
            auditColumns()
              .map((c) => String(c.value(entry)))
              .join('  '),
          );
      };
      first.forEach(print);
      let last = first.at(-1)?.id ?? 0;
      await followUntilInterrupted(intervalMs, async () => {
        const fresh = (await fetchAudit(session, query(session, options, 500)))
          .filter((e) => e.id > last)
          .toReversed();
        fresh.forEach(print);
        last = fresh.at(-1)?.id ?? last;
      });
    }),
  );
}

/** Calls `poll` every `intervalMs` until SIGINT or SIGTERM, then resolves (exit 0). */
async function followUntilInterrupted(intervalMs: number, poll: () => Promise<void>): Promise<void> {
  let wake: () => void = () => {};
  let stopped = false;
  const stop = () => {
    stopped = true;
    wake();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    while (!stopped) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, intervalMs);
      });
      if (!stopped) await poll();
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
