/**
 * Wires the people side of the admin API: scrypt passwords, users, sessions, the
 * sign-in throttle (ADR 0012 has the limits) and, on a server with no user yet, the
 * one-time setup token of the first-run link.
 */
import {
  type ControlPlaneDeps,
  SessionService,
  type SessionStore,
  type StoreReads,
  UserService,
} from '@switchyard/control-plane';
import type { Config } from './config.js';
import type { AdminApiDeps } from './http/admin/admin-api.js';
import { FirstRunSetup } from './http/admin/first-run-setup.js';
import { SignInThrottle } from './http/admin/sign-in-throttle.js';
import { scryptPasswords } from './passwords.js';

export interface People {
  readonly deps: Omit<AdminApiDeps['people'], 'tokens'>;
  /** The setup token, when this start found no user. */
  readonly setupToken: string | undefined;
}

export async function createPeople(
  config: Pick<Config, 'sessionMs' | 'secureCookies'>,
  deps: ControlPlaneDeps,
  store: { readonly sessions: SessionStore } & Pick<StoreReads, 'getUser'>,
): Promise<People> {
  const users = new UserService(deps, await scryptPasswords());
  const setupToken = (await users.hasAnyUser()) ? undefined : deps.secrets.newApiToken();
  return {
    setupToken,
    deps: {
      users,
      store,
      sessions: new SessionService({
        store: store.sessions,
        clock: deps.clock,
        secrets: deps.secrets,
        lifetimeMs: config.sessionMs,
      }),
      throttle: new SignInThrottle({ perEmail: 5, perAddress: 30, windowMs: 15 * 60_000 }),
      setup: new FirstRunSetup(setupToken),
      cookie: { secure: config.secureCookies },
    },
  };
}
