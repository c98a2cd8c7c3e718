/**
 * `accounts list|cut-off|restore`: each account's event rates, usage, limits and whether it
 * is cut off, and the operator's two levers on the system project's operational flags:
 *
 * - `cut-off` without `--for` adds a rule to `ingest-events` (the kill switch) serving false
 *   to the account, its id `cut-off:<account>:<reason>`: events are dropped (202) until
 *   `restore`;
 * - `cut-off --for 15m` adds the expiring throttle rule the circuit breaker uses to
 *   `events-throttled` (`circuit-breaker:<account>:<expiry ms>`): events are refused (429,
 *   Retry-After) until it expires, and the server sweeps it away then.
 */

import type {
  Account,
  FlagConfig,
  FlagWithTargeting,
  ListBody,
  UsageReport,
} from '@switchyard/server/admin-types';
import type { Command } from 'commander';
import { action, enc, example } from '../command-kit.js';
import { parseDuration } from '../duration.js';
import { getFlag, putTargeting } from '../flag-api.js';
import type { Io } from '../io.js';
import type { Session } from '../session.js';
import { configIn, variationIndex } from '../targeting-edit.js';

const SYSTEM = { project: 'switchyard-system', env: 'production' } as const;
const KILL_SWITCH = 'ingest-events';
const THROTTLE = 'events-throttled';
const cutOffPrefix = (account: string) => `cut-off:${account}:`;
const throttlePrefix = (account: string) => `circuit-breaker:${account}:`;

type Rule = FlagConfig['rules'][number];

export interface AccountRow {
  readonly account: string;
  readonly plan: string;
  readonly usage: UsageReport;
  /** `cut-off`: the kill switch serves false; `throttled`: refused until `throttledUntil`. */
  readonly state: 'ok' | 'cut-off' | 'throttled';
  readonly throttledUntil: string | null;
}

function accountRule(id: string, account: string, variation: number): Rule {
  return {
    id,
    clauses: [{ contextKind: 'account', attribute: 'key', op: 'in', values: [account], negate: false }],
    variation,
    trackEvents: false,
  };
}

/** Whether the kill switch serves false to the account by a cut-off rule or an account target. */
function isCutOff(found: FlagWithTargeting, config: FlagConfig, account: string): boolean {
  const off = found.flag.variations.indexOf(false);
  return (
    config.rules.some((rule) => rule.id.startsWith(cutOffPrefix(account))) ||
    config.contextTargets.some(
      (t) => t.contextKind === 'account' && t.variation === off && (t.values ?? []).includes(account),
    )
  );
}

async function systemFlag(session: Session, key: string) {
  const found = await getFlag(session.client(), SYSTEM.project, key);
  return { found, config: configIn(found, SYSTEM.env) };
}

const rate = (r: { offered: number; accepted: number }) =>
  r.offered === r.accepted ? `${r.offered}` : `${r.accepted}/${r.offered}`;

export function accountCommands(program: Command, io: Io): void {
  const accounts = example(
    program.command('accounts').description('accounts: event rates, usage, limits, cut-offs (admin token)'),
    'switchyard accounts list',
  );

  example(
    accounts
      .command('list')
      .description('every account with its event rate (busiest first), usage, limits and state'),
    'switchyard accounts list',
  ).action(
    action(io, async (session) => {
      const client = session.client();
      const [{ items }, kill] = await Promise.all([
        client.get<ListBody<Account>>('/api/v1/accounts'),
        systemFlag(session, KILL_SWITCH),
      ]);
      const rows: AccountRow[] = await Promise.all(
        items.map(async (account) => {
          const usage = await client.get<UsageReport>(`/api/v1/accounts/${enc(account.key)}/usage`);
          const cut = isCutOff(kill.found, kill.config, account.key);
          return {
            account: account.key,
            plan: account.plan,
            usage,
            state: cut ? 'cut-off' : usage.throttle ? 'throttled' : 'ok',
            throttledUntil: usage.throttle?.expiresAt ?? null,
          } as const;
        }),
      );
      rows.sort(
        (a, b) =>
          b.usage.clusterRate.offered - a.usage.clusterRate.offered || a.account.localeCompare(b.account),
      );
      const stateText = (row: AccountRow) =>
        row.state === 'ok'
          ? 'ok'
          : session.out.style(
              'red',
              row.state === 'throttled' && row.throttledUntil
                ? `throttled until ${row.throttledUntil}`
                : row.state,
            );
      session.out.result(rows, () =>
        session.out.table(rows, [
          { header: 'account', value: (r) => r.account },
          { header: 'plan', value: (r) => r.plan },
          { header: 'events/s', value: (r) => rate(r.usage.clusterRate) },
          { header: 'limit/s', value: (r) => r.usage.limits.effectiveEventsPerSecond ?? '-' },
          { header: 'this month', value: (r) => r.usage.accepted },
          {
            header: 'monthly limit',
            value: (r) =>
              r.usage.limits.eventsPerMonth === null
                ? '-'
                : `${r.usage.limits.eventsPerMonth} (${r.usage.percentUsed}%)`,
          },
          { header: 'dropped', value: (r) => Object.values(r.usage.dropped).reduce((n, c) => n + c, 0) },
          { header: 'state', value: stateText },
        ]),
      );
    }),
  );

  example(
    accounts
      .command('cut-off')
      .description(
        "stop accepting an account's events: dropped until restored, or refused (429) --for a while",
      )
      .argument('<account>')
      .requiredOption('--reason <text>', 'why (kept in the rule id, so the audit log and dashboard show it)')
      .option('--for <duration>', 'refuse its events for this long (e.g. 15m) instead of until restored'),
    'switchyard accounts cut-off acme --reason "event storm from a bad deploy"',
    'switchyard accounts cut-off acme --reason spike --for 15m',
  ).action(
    action(io, async (session, [account], options) => {
      const key = account as string;
      await session.client().get<Account>(`/api/v1/accounts/${enc(key)}`);
      const ref = (flag: string) => ({ project: SYSTEM.project, flag, env: SYSTEM.env });
      if (options.for !== undefined) {
        const expiresAt = Date.now() + parseDuration(options.for, '--for');
        const { found, config } = await systemFlag(session, THROTTLE);
        const rules = config.rules.filter((rule) => !rule.id.startsWith(throttlePrefix(key)));
        const rule = accountRule(`${throttlePrefix(key)}${expiresAt}`, key, variationIndex(found, true));
        await putTargeting(session.client(), ref(THROTTLE), { ...config, rules: [rule, ...rules] });
        const until = new Date(expiresAt).toISOString();
        session.out.result({ account: key, state: 'throttled', until, reason: options.reason }, () =>
          session.out.line(`${key}: events refused (429) until ${until}.`),
        );
        return;
      }
      const { found, config } = await systemFlag(session, KILL_SWITCH);
      const rules = config.rules.filter((rule) => !rule.id.startsWith(cutOffPrefix(key)));
      const id = `${cutOffPrefix(key)}${options.reason}`.slice(0, 256);
      const rule = accountRule(id, key, variationIndex(found, false));
      const updated = await putTargeting(session.client(), ref(KILL_SWITCH), {
        ...config,
        rules: [rule, ...rules],
      });
      session.out.result(
        { account: key, state: 'cut-off', reason: options.reason, version: updated.version },
        () =>
          session.out.line(
            `${key}: cut off; its events are dropped until "switchyard accounts restore ${key}".`,
          ),
      );
    }),
  );

  example(
    accounts
      .command('restore')
      .description(
        "accept an account's events again: removes its cut-off and throttle rules and kill-switch target",
      )
      .argument('<account>'),
    'switchyard accounts restore acme',
  ).action(
    action(io, async (session, [account]) => {
      const key = account as string;
      const removed: string[] = [];
      for (const [flag, prefix] of [
        [KILL_SWITCH, cutOffPrefix(key)],
        [THROTTLE, throttlePrefix(key)],
      ] as const) {
        const { config } = await systemFlag(session, flag);
        const rules = config.rules.filter((rule) => !rule.id.startsWith(prefix));
        const contextTargets = config.contextTargets
          .map((t) =>
            flag === KILL_SWITCH && t.contextKind === 'account'
              ? { ...t, values: (t.values ?? []).filter((v) => v !== key) }
              : t,
          )
          .filter((t) => (t.values ?? []).length > 0);
        const unchanged =
          rules.length === config.rules.length &&
          JSON.stringify(contextTargets) === JSON.stringify(config.contextTargets);
        if (unchanged) continue;
        await putTargeting(
          session.client(),
          { project: SYSTEM.project, flag, env: SYSTEM.env },
          { ...config, rules, contextTargets },
        );
        removed.push(flag);
      }
      session.out.result({ account: key, changed: removed }, () =>
        session.out.line(
          removed.length === 0 ? `${key} was not cut off.` : `${key}: restored (${removed.join(', ')}).`,
        ),
      );
    }),
  );
}
