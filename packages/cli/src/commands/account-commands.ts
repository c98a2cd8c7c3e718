/**
 * `accounts list|history|cut-off|restore|limit|sample`: each account's event rates, usage,
 * limits and drops (busiest first), and the operator's levers, all through the server's
 * account overrides: a cut-off, sampling ratio or per-second limit with a required reason
 * and an optional expiry that the server keeps (it ends by itself on every node and the
 * audit log says so); `restore` lifts the live ones early.
 */

import type {
  AccountsOverviewBody,
  ListBody,
  NewOverrideBody,
  OverrideBody,
} from '@switchyard/server/admin-types';
import type { Command } from 'commander';
import { action, enc, example, type Options } from '../command-kit.js';
import { parseDuration } from '../duration.js';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import type { Session } from '../session.js';

type AccountOverview = AccountsOverviewBody['items'][number];
type OverrideKind = OverrideBody['kind'];

const KINDS: readonly OverrideKind[] = ['kill-switch', 'sampling', 'per-second-limit'];
const overridesPath = (account: string) => `/api/v1/accounts/${enc(account)}/overrides`;

/** `--for 15m` or `--until TIME` as the API takes them; neither: until lifted. */
export function expiryOf(
  options: Options,
  now: number,
): Pick<NewOverrideBody, 'expiresAt' | 'expiresInSeconds'> {
  if (options.for !== undefined && options.until !== undefined) {
    throw new UsageError('Give --for or --until, not both');
  }
  if (options.for !== undefined) {
    return { expiresInSeconds: Math.max(1, Math.round(parseDuration(options.for, '--for') / 1000)) };
  }
  if (options.until === undefined) return {};
  const at = Date.parse(options.until);
  if (Number.isNaN(at) || at <= now) {
    throw new UsageError(
      `--until must be a future time such as 2026-12-07T18:00:00Z; got "${options.until}"`,
    );
  }
  return { expiresAt: new Date(at).toISOString() };
}

const untilText = (o: Pick<OverrideBody, 'expiresAt'>) =>
  o.expiresAt === null ? 'until lifted' : `until ${o.expiresAt}`;

/** Cut off (with its expiry), breaker engaged, or ok. */
function stateOf(row: AccountOverview): string {
  if (row.killSwitch.engaged) {
    return `cut off ${row.killSwitch.expiresAt === null ? 'until lifted' : `until ${row.killSwitch.expiresAt}`}`;
  }
  if (row.breaker.engaged)
    return `breaker${row.breaker.expiresAt === null ? '' : ` until ${row.breaker.expiresAt}`}`;
  return 'ok';
}

const dropsText = (dropped: Readonly<Record<string, number>>) =>
  Object.entries(dropped)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ') || '-';

/** Commander options of every override command: the reason and the expiry. */
function overrideOptions(command: Command): Command {
  return command
    .argument('<account>')
    .requiredOption('--reason <text>', 'why (required; audited, shown in the console and `accounts history`)')
    .option('--for <duration>', 'ends by itself after this long (e.g. 15m, 1h); default: until lifted')
    .option('--until <time>', 'ends by itself at this time (ISO, e.g. 2026-12-07T18:00:00Z)');
}

async function setOverride(
  session: Session,
  account: string,
  kind: OverrideKind,
  value: number | undefined,
  options: Options,
): Promise<void> {
  const body: NewOverrideBody = {
    kind,
    ...(value === undefined ? {} : { value }),
    reason: options.reason,
    ...expiryOf(options, Date.now()),
  };
  const created = await session.client().post<OverrideBody>(overridesPath(account), body);
  const what =
    kind === 'kill-switch'
      ? 'cut off: its events are dropped (reason kill-switch)'
      : `${kind} ${valueText(created)}`;
  session.out.result(created, () =>
    session.out.line(
      `${account}: ${what} ${untilText(created)} (override ${created.id}; "switchyard accounts restore ${account}${kind === 'kill-switch' ? '' : ` --kind ${kind}`}" lifts it).`,
    ),
  );
}

/**
 * `--per-second`: a positive number of events per second (the server checks it is a value of
 * the limit flag), or `none`: no per-second override, the account's own limit applies (the
 * flag's -1). A negative number is refused here, so `-1` is never mistaken for a limit.
 */
function perSecondOption(text: string): number {
  if (text.trim().toLowerCase() === 'none') return -1;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(
      `--per-second must be a positive number of events per second, or "none" for the account's own limit; got "${text}"`,
    );
  }
  return value;
}

/** An override's value as a person reads it: a limit of -1 is "none" (the account's own limit). */
const valueText = (o: Pick<OverrideBody, 'kind' | 'value'>) =>
  o.kind === 'per-second-limit' && o.value === -1 ? "none (account's own limit)" : String(o.value);

function numberOption(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`${name} must be a number; got "${text}"`);
  return value;
}

export function accountCommands(program: Command, io: Io): void {
  const accounts = example(
    program.command('accounts').description('accounts: event rates, usage, limits, cut-offs (admin to act)'),
    'switchyard accounts list',
  );

  example(
    accounts
      .command('list')
      .description('every account with its event rate (busiest first), usage, limits, drops and state'),
    'switchyard accounts list',
    'switchyard accounts list --json | jq ".[0].killSwitch"',
  ).action(
    action(io, async (session) => {
      const overview = await session
        .client()
        .get<AccountsOverviewBody>('/api/v1/accounts-overview', { query: { sort: 'rate' } });
      const rows = overview.items;
      session.out.result(rows, () =>
        session.out.table(rows, [
          { header: 'account', value: (r) => r.key },
          { header: 'plan', value: (r) => r.plan },
          {
            header: 'events/s',
            value: (r) =>
              r.rate.offered === r.rate.accepted
                ? `${r.rate.accepted}`
                : `${r.rate.accepted}/${r.rate.offered}`,
          },
          { header: 'limit/s', value: (r) => r.limits.effectiveEventsPerSecond ?? '-' },
          { header: 'this month', value: (r) => r.usage.accepted },
          {
            header: 'monthly limit',
            value: (r) =>
              r.usage.monthlyLimit === null ? '-' : `${r.usage.monthlyLimit} (${r.usage.percentUsed ?? 0}%)`,
          },
          { header: 'dropped', value: (r) => dropsText(r.dropped) },
          {
            header: 'state',
            value: (r) => (stateOf(r) === 'ok' ? 'ok' : session.out.style('red', stateOf(r))),
          },
        ]),
      );
    }),
  );

  example(
    accounts
      .command('history')
      .description(
        "an account's overrides (cut-offs, sampling, per-second limits), live and ended, newest first",
      )
      .argument('<account>')
      .option('--active', 'only the ones in force'),
    'switchyard accounts history acme',
  ).action(
    action(io, async (session, [account], options) => {
      const { items } = await session.client().get<ListBody<OverrideBody>>(overridesPath(account as string), {
        query: options.active ? { active: true } : {},
      });
      session.out.result(items, () =>
        session.out.table(items, [
          { header: 'id', value: (o) => o.id },
          { header: 'kind', value: (o) => o.kind },
          { header: 'value', value: valueText },
          { header: 'reason', value: (o) => o.reason },
          { header: 'set', value: (o) => `${o.setAt} by ${o.setBy.name}` },
          { header: 'expires', value: (o) => o.expiresAt ?? '-' },
          {
            header: 'ended',
            value: (o) =>
              o.end === null
                ? 'in force'
                : `${o.end} ${o.endedAt}${o.endedBy ? ` by ${o.endedBy.name}` : ''}`,
          },
        ]),
      );
    }),
  );

  example(
    overrideOptions(
      accounts
        .command('cut-off')
        .description(
          "cut off an account's events (dropped, reason kill-switch) until it expires or is lifted",
        ),
    ),
    'switchyard accounts cut-off acme --reason "event storm from a bad deploy" --for 15m',
    'switchyard accounts cut-off acme --reason spike --until 2026-12-07T18:00:00Z',
  ).action(
    action(io, (session, [account], options) =>
      setOverride(session, account as string, 'kill-switch', undefined, options),
    ),
  );

  example(
    overrideOptions(
      accounts
        .command('limit')
        .description(
          "set an account's per-second event limit for a while (a value of the limit flag); `accounts restore <account> --kind per-second-limit` lifts it",
        )
        .requiredOption(
          '--per-second <n>',
          "events per second (100, 1000, 10000 or 100000), or none: no override, the account's own limit",
        ),
    ),
    'switchyard accounts limit acme --per-second 100 --for 1h --reason "noisy import"',
    'switchyard accounts limit acme --per-second none --for 1h --reason "let the import finish"',
  ).action(
    action(io, (session, [account], options) =>
      setOverride(
        session,
        account as string,
        'per-second-limit',
        perSecondOption(options.perSecond),
        options,
      ),
    ),
  );

  example(
    overrideOptions(
      accounts
        .command('sample')
        .description("keep only a share of an account's events for a while (a value of the sampling flag)")
        .requiredOption('--ratio <r>', 'the share kept (0.01, 0.1, 0.5 or 1)'),
    ),
    'switchyard accounts sample acme --ratio 0.1 --for 1h --reason "load test traffic"',
  ).action(
    action(io, (session, [account], options) =>
      setOverride(session, account as string, 'sampling', numberOption('--ratio', options.ratio), options),
    ),
  );

  example(
    accounts
      .command('restore')
      .description("lift an account's live overrides now: its cut-off by default, or --kind's")
      .argument('<account>')
      .option('--kind <kind>', `which overrides to lift: ${KINDS.join(', ')} or all`, 'kill-switch'),
    'switchyard accounts restore acme',
    'switchyard accounts restore acme --kind sampling',
  ).action(
    action(io, async (session, [account], options) => {
      const key = account as string;
      const kind = options.kind as string;
      if (kind !== 'all' && !KINDS.includes(kind as OverrideKind)) {
        throw new UsageError(`--kind must be one of ${KINDS.join(', ')}, all; got "${kind}"`);
      }
      const client = session.client();
      const { items } = await client.get<ListBody<OverrideBody>>(overridesPath(key), {
        query: { active: true },
      });
      const lifted: OverrideBody[] = [];
      for (const o of items.filter((o) => kind === 'all' || o.kind === kind)) {
        lifted.push(await client.delete<OverrideBody>(`${overridesPath(key)}/${enc(o.id)}`));
      }
      session.out.result({ account: key, lifted }, () =>
        session.out.line(
          lifted.length === 0
            ? `${key} had no ${kind === 'all' ? '' : `${kind} `}override in force.`
            : `${key}: lifted ${lifted.map((o) => `${o.kind} (${o.id})`).join(', ')}.`,
        ),
      );
    }),
  );
}
