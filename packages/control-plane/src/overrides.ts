/**
 * Temporary overrides of the operational flags for one account: cut off its events, set
 * its sampling ratio or its per-second limit, with a required reason and an optional
 * expiry. An override is a rule on the flag's targeting (so it reaches every node through
 * the change feed like any flag change, and is enforced there) plus a record of who, why
 * and until when (the account's history). Both are written in one commit, audited.
 *
 * The rule's id carries the expiry, so every node stops applying it the moment it
 * expires, before anyone writes. Then one node writes the expiry: each end takes the
 * environment's lock first and re-reads the record, so when two nodes race, the second
 * finds it ended and writes nothing (NOT_FOUND): exactly one audited end.
 */
import type { JsonValue } from '@switchyard/engine';
import { checkComment } from './audit.js';
import { type Commit, commit } from './commit.js';
import type { ControlPlaneDeps } from './deps.js';
import type {
  AccountOverride,
  Actor,
  FlagConfig,
  FlagRuleConfig,
  OverrideEnd,
  OverrideKind,
} from './domain.js';
import { ControlPlaneError, invalidData, notFound } from './errors.js';
import { flagTargetingItem } from './sdk-items.js';

export const OVERRIDE_KINDS: readonly OverrideKind[] = ['kill-switch', 'sampling', 'per-second-limit'];

/** The actor of an override's end when its expiry passed. */
export const EXPIRY_ACTOR: Actor = Object.freeze({ kind: 'system', name: 'override-expiry' });

const RULE_PREFIX = 'override:';

/** Where the overridden flags live (the system project), and which flag each kind overrides. */
export interface OverridePlace {
  readonly projectKey: string;
  readonly envKey: string;
  readonly flags: Readonly<Record<OverrideKind, string>>;
}

export interface NewOverride {
  readonly accountKey: string;
  readonly kind: OverrideKind;
  /** For a cut-off, false (the default); else one of the flag's variations. */
  readonly value?: number | undefined;
  readonly reason: string;
  /** ISO; omitted or null: until lifted. */
  readonly expiresAt?: string | null | undefined;
}

/** The rule id of an override: `override:<expiry epoch ms, or "none">:<override id>`. */
export function overrideRuleId(override: Pick<AccountOverride, 'id' | 'expiresAt'>): string {
  const expiry = override.expiresAt === null ? 'none' : String(Date.parse(override.expiresAt));
  return `${RULE_PREFIX}${expiry}:${override.id}`;
}

/** When an override rule stops counting: epoch ms, null for never; undefined for any other rule. */
export function overrideRuleExpiry(ruleId: string | undefined): number | null | undefined {
  if (ruleId === undefined || !ruleId.startsWith(RULE_PREFIX)) return undefined;
  const expiry = ruleId.slice(RULE_PREFIX.length, ruleId.indexOf(':', RULE_PREFIX.length));
  if (expiry === 'none') return null;
  const at = Number(expiry);
  return Number.isSafeInteger(at) ? at : undefined;
}

export class OverrideService {
  constructor(
    private readonly deps: ControlPlaneDeps,
    private readonly place: OverridePlace,
  ) {}

  /** Sets an override, replacing the account's live one of the same kind. */
  async set(input: NewOverride, actor: Actor): Promise<AccountOverride> {
    const reason = checkComment(input.reason);
    if (reason === null) {
      throw invalidData('A reason is required', [{ path: '/reason', message: 'must not be empty' }]);
    }
    const now = this.deps.clock.now();
    const expiresAt = input.expiresAt ?? null;
    if (expiresAt !== null && !(Date.parse(expiresAt) > now.getTime())) {
      throw invalidData('The expiry must be a time in the future', [
        { path: '/expiresAt', message: 'must be later than now' },
      ]);
    }
    if (!(await this.deps.store.getAccount(input.accountKey)))
      throw notFound(`Account "${input.accountKey}"`);
    const value = input.kind === 'kill-switch' ? false : input.value;
    if (value === undefined) {
      throw invalidData(`A ${input.kind} override needs a value`, [
        { path: '/value', message: 'is required' },
      ]);
    }
    const override: AccountOverride = {
      id: this.deps.secrets.newSalt().slice(0, 16),
      accountKey: input.accountKey,
      kind: input.kind,
      value,
      reason,
      setAt: now.toISOString(),
      setBy: actor,
      expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
      endedAt: null,
      endedBy: null,
      end: null,
    };
    return commit(
      this.deps,
      actor,
      async (c) => {
        let replaced: AccountOverride | undefined;
        await this.changeRules(c, override.kind, async (rules, variations) => {
          const variation = variations.findIndex((v) => JSON.stringify(v) === JSON.stringify(value));
          if (variation < 0) {
            throw invalidData(
              `${JSON.stringify(value)} is not a value of flag "${this.place.flags[override.kind]}"; use one of ${JSON.stringify(variations)}`,
              [{ path: '/value', message: `must be one of ${JSON.stringify(variations)}` }],
            );
          }
          replaced = (
            await c.tx.listOverrides({ accountKey: override.accountKey, active: true, limit: 100 })
          ).find((o) => o.kind === override.kind);
          if (replaced) await c.tx.putOverride(ended(replaced, c, 'replaced', actor));
          await c.tx.putOverride(override);
          const kept = rules.filter((rule) => replaced === undefined || rule.id !== overrideRuleId(replaced));
          return [rule(override, variation), ...kept];
        });
        await c.audit({
          action: 'account.override.set',
          resourceKind: 'account',
          resourceKey: override.accountKey,
          before: replaced,
          after: override,
        });
        return override;
      },
      { comment: reason },
    );
  }

  /** Ends a live override now (404 when it has already ended). */
  lift(accountKey: string, id: string, actor: Actor): Promise<AccountOverride> {
    return this.end(accountKey, id, 'lifted', actor);
  }

  /**
   * Writes the end of every override whose expiry has passed. Another node may write
   * some first; those are skipped. Returns the ones this call ended.
   */
  async expireDue(): Promise<AccountOverride[]> {
    const now = this.deps.clock.now().getTime();
    const due = (await this.deps.store.listOverrides({ active: true, limit: 1000 })).filter(
      (o) => o.expiresAt !== null && Date.parse(o.expiresAt) <= now,
    );
    const done: AccountOverride[] = [];
    for (const o of due) {
      try {
        done.push(await this.end(o.accountKey, o.id, 'expired', EXPIRY_ACTOR));
      } catch (error) {
        if ((error as ControlPlaneError).code !== 'NOT_FOUND') throw error;
      }
    }
    return done;
  }

  /** Live overrides, of one account or all of them, newest first. */
  active(accountKey?: string): Promise<AccountOverride[]> {
    return this.deps.store.listOverrides({
      ...(accountKey === undefined ? {} : { accountKey }),
      active: true,
      limit: 1000,
    });
  }

  /** One account's overrides (live and ended, or live only), newest first; 404 for an unknown account. */
  async history(
    accountKey: string,
    options: { limit: number; active?: boolean },
  ): Promise<AccountOverride[]> {
    if (!(await this.deps.store.getAccount(accountKey))) throw notFound(`Account "${accountKey}"`);
    return this.deps.store.listOverrides({ accountKey, ...options });
  }

  private end(accountKey: string, id: string, how: OverrideEnd, actor: Actor): Promise<AccountOverride> {
    return commit(this.deps, actor, async (c) => {
      let after: AccountOverride | undefined;
      let before: AccountOverride | undefined;
      const kind = (await c.tx.getOverride(id))?.kind;
      if (kind === undefined) throw notFound(`Override "${id}" of account "${accountKey}"`);
      await this.changeRules(c, kind, async (rules) => {
        // Read again under the environment's lock: another node may have ended it meanwhile.
        before = await c.tx.getOverride(id);
        if (before === undefined || before.accountKey !== accountKey || before.end !== null) {
          throw new ControlPlaneError(
            'NOT_FOUND',
            `Override "${id}" of account "${accountKey}" is not in force`,
          );
        }
        after = ended(before, c, how, actor);
        await c.tx.putOverride(after);
        const ruleId = overrideRuleId(before);
        return rules.filter((r) => r.id !== ruleId);
      });
      await c.audit({
        action: how === 'expired' ? 'account.override.expire' : 'account.override.lift',
        resourceKind: 'account',
        resourceKey: accountKey,
        before,
        after,
      });
      return after as AccountOverride;
    });
  }

  /** Changes the rules of the flag `kind` overrides, under the system environment's lock. */
  private async changeRules(
    c: Commit,
    kind: OverrideKind,
    change: (rules: readonly FlagRuleConfig[], variations: readonly JsonValue[]) => Promise<FlagRuleConfig[]>,
  ): Promise<void> {
    const { projectKey, envKey } = this.place;
    const key = this.place.flags[kind];
    const flag = await c.tx.getFlag(projectKey, key);
    if (!flag) throw notFound(`Flag "${projectKey}/${key}"`);
    await c.change<FlagConfig, FlagConfig>({
      item: flagTargetingItem(projectKey, envKey, key),
      exists: true,
      audit: 'flag.targeting.override',
      apply: async (before, version) => {
        const config = before as FlagConfig;
        if (!config.on) {
          throw invalidData(
            `Flag "${key}" is off in "${envKey}", so an override would not apply; turn it on first`,
          );
        }
        return { ...config, rules: await change(config.rules, flag.variations), version };
      },
    });
  }
}

function rule(override: AccountOverride, variation: number): FlagRuleConfig {
  return {
    id: overrideRuleId(override),
    clauses: [
      { contextKind: 'account', attribute: 'key', op: 'in', values: [override.accountKey], negate: false },
    ],
    variation,
    trackEvents: false,
  };
}

function ended(o: AccountOverride, c: Commit, how: OverrideEnd, actor: Actor): AccountOverride {
  return { ...o, endedAt: c.now.toISOString(), endedBy: actor, end: how };
}
