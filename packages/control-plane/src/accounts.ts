import { SYSTEM_ACTOR } from './audit.js';
import { commit } from './commit.js';
import type { ControlPlaneDeps } from './deps.js';
import type { Account, AccountLimits, Actor } from './domain.js';
import { alreadyExists, notFound } from './errors.js';

export const DEFAULT_ACCOUNT_KEY = 'default';
export const DEFAULT_PLAN = 'standard';

export interface NewAccount {
  readonly key: string;
  readonly name: string;
  readonly plan?: string;
  readonly limits?: AccountLimits;
}

export class AccountService {
  constructor(private readonly deps: ControlPlaneDeps) {}

  /** Creates the `default` account on first start; a single-team install needs nothing else. */
  async ensureDefaultAccount(): Promise<void> {
    if (await this.deps.store.getAccount(DEFAULT_ACCOUNT_KEY)) return;
    await this.create({ key: DEFAULT_ACCOUNT_KEY, name: 'Default account' }, SYSTEM_ACTOR).catch(
      async (error) => {
        // Another node may have created it first.
        if (!(await this.deps.store.getAccount(DEFAULT_ACCOUNT_KEY))) throw error;
      },
    );
  }

  create(input: NewAccount, actor: Actor): Promise<Account> {
    return commit(this.deps, actor, async (c) => {
      const account: Account = {
        key: input.key,
        name: input.name,
        plan: input.plan ?? DEFAULT_PLAN,
        limits: input.limits ?? {},
        createdAt: c.now.toISOString(),
      };
      if (await c.tx.getAccount(input.key)) throw alreadyExists(`Account "${input.key}"`);
      await c.tx.insertAccount(account);
      await c.audit({
        action: 'account.create',
        resourceKind: 'account',
        resourceKey: account.key,
        after: account,
      });
      return account;
    });
  }

  async get(key: string): Promise<Account> {
    const account = await this.deps.store.getAccount(key);
    if (!account) throw notFound(`Account "${key}"`);
    return account;
  }

  list(): Promise<Account[]> {
    return this.deps.store.listAccounts();
  }

  update(
    key: string,
    change: { name?: string; plan?: string; limits?: AccountLimits },
    actor: Actor,
  ): Promise<Account> {
    return commit(this.deps, actor, async (c) => {
      const before = await c.tx.getAccount(key);
      if (!before) throw notFound(`Account "${key}"`);
      const after: Account = {
        ...before,
        name: change.name ?? before.name,
        plan: change.plan ?? before.plan,
        limits: change.limits ?? before.limits,
      };
      await c.tx.updateAccount(after);
      await c.audit({
        action: 'account.update',
        resourceKind: 'account',
        resourceKey: key,
        before,
        after,
      });
      return after;
    });
  }
}
