/**
 * People who sign in: created by an admin (or by the first-run setup), with the same
 * roles and project scope as API tokens. Only a slow hash of each password is kept;
 * disabling a user or setting a new password ends their sessions in the same commit.
 */
import { SYSTEM_ACTOR } from './audit.js';
import { type Commit, commit } from './commit.js';
import type { ControlPlaneDeps } from './deps.js';
import type { Actor, Role, User } from './domain.js';
import { ControlPlaneError, notFound } from './errors.js';
import type { PasswordHasher } from './ports.js';
import type { StoredUser } from './store.js';

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 256;

export interface NewUser {
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly projectKey?: string | null;
  readonly password: string;
}

export interface UserChange {
  readonly name?: string;
  readonly role?: Role;
  readonly projectKey?: string | null;
  readonly disabled?: boolean;
}

/** A user as answered: never the password hash. */
export function publicUser({ passwordHash: _hash, ...user }: StoredUser): User {
  return user;
}

function checkPassword(password: string, path: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new ControlPlaneError(
      'WEAK_PASSWORD',
      `A password needs ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`,
      [{ path, message: `must have ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters` }],
    );
  }
}

const normalEmail = (email: string) => email.trim().toLowerCase();

export class UserService {
  constructor(
    private readonly deps: ControlPlaneDeps,
    private readonly passwords: PasswordHasher,
  ) {}

  async create(input: NewUser, actor: Actor): Promise<User> {
    checkPassword(input.password, '/password');
    const passwordHash = await this.passwords.hash(input.password);
    return commit(this.deps, actor, (c) => this.insert(c, input, passwordHash));
  }

  /** The first admin, only while there is no user at all (SETUP_ALREADY_DONE after). */
  async setup(input: Omit<NewUser, 'role' | 'projectKey'>): Promise<User> {
    checkPassword(input.password, '/password');
    const passwordHash = await this.passwords.hash(input.password);
    return commit(this.deps, SYSTEM_ACTOR, async (c) => {
      if ((await c.tx.listUsers()).length > 0) throw setupDone();
      return this.insert(c, { ...input, role: 'admin', projectKey: null }, passwordHash, 'user.setup');
    });
  }

  async hasAnyUser(): Promise<boolean> {
    return (await this.deps.store.listUsers()).length > 0;
  }

  async list(): Promise<User[]> {
    return (await this.deps.store.listUsers()).map(publicUser);
  }

  async get(id: string): Promise<User> {
    const user = await this.deps.store.getUser(id);
    if (!user) throw notFound(`User "${id}"`);
    return publicUser(user);
  }

  update(id: string, change: UserChange, actor: Actor): Promise<User> {
    return commit(this.deps, actor, async (c) => {
      // Locked before reading, so two admins demoting each other at once cannot both succeed.
      const { name: _name, ...access } = change;
      if (Object.keys(access).length > 0) await c.tx.lockUsers();
      const before = await c.tx.getUser(id);
      if (!before) throw notFound(`User "${id}"`);
      if (change.projectKey) await requireProject(c, change.projectKey);
      const after: StoredUser = { ...before, ...change };
      if (managesEveryone(before) && !managesEveryone(after)) await requireAnotherAdmin(c, id);
      await c.tx.updateUser(after);
      if (after.disabled && !before.disabled) await c.tx.endSessionsOf(id);
      const action =
        after.disabled === before.disabled ? 'user.update' : after.disabled ? 'user.disable' : 'user.enable';
      await c.audit({
        action,
        resourceKind: 'user',
        resourceKey: id,
        before: publicUser(before),
        after: publicUser(after),
      });
      return publicUser(after);
    });
  }

  /** An admin sets a new password; the user's sessions end. */
  async resetPassword(id: string, password: string, actor: Actor): Promise<void> {
    await this.setPassword(id, password, actor, 'user.reset-password');
  }

  /** The user changes their own password, proving the current one; all their sessions end. */
  async changePassword(id: string, current: string, next: string, actor: Actor): Promise<void> {
    const user = await this.deps.store.getUser(id);
    if (!user || !(await this.passwords.verify(current, user.passwordHash))) {
      throw new ControlPlaneError('INVALID_CREDENTIALS', 'The current password is not right', [
        { path: '/current', message: 'does not match' },
      ]);
    }
    await this.setPassword(id, next, actor, 'user.change-password');
  }

  /**
   * The user whose email and password these are, or undefined: an unknown email costs
   * the same hashing work as a wrong password. A disabled user is returned too; the
   * caller refuses them once the password has been shown to be right.
   */
  async verifyCredentials(email: string, password: string): Promise<StoredUser | undefined> {
    const user =
      password.length > MAX_PASSWORD_LENGTH
        ? undefined
        : await this.deps.store.findUserByEmail(normalEmail(email));
    const ok = await this.passwords.verify(password.slice(0, MAX_PASSWORD_LENGTH), user?.passwordHash);
    return ok ? user : undefined;
  }

  private async setPassword(id: string, password: string, actor: Actor, action: string): Promise<void> {
    checkPassword(password, '/password');
    const passwordHash = await this.passwords.hash(password);
    await commit(this.deps, actor, async (c) => {
      const before = await c.tx.getUser(id);
      if (!before) throw notFound(`User "${id}"`);
      await c.tx.updateUser({ ...before, passwordHash });
      await c.tx.endSessionsOf(id);
      await c.audit({ action, resourceKind: 'user', resourceKey: id });
    });
  }

  private async insert(
    c: Commit,
    input: NewUser,
    passwordHash: string,
    action = 'user.create',
  ): Promise<User> {
    const email = normalEmail(input.email);
    if (input.projectKey) await requireProject(c, input.projectKey);
    if (await c.tx.findUserByEmail(email))
      throw new ControlPlaneError('ALREADY_EXISTS', `A user with the email "${email}" already exists`);
    const user: StoredUser = {
      id: this.deps.secrets.newSalt().slice(0, 16),
      email,
      name: input.name,
      role: input.role,
      projectKey: input.projectKey ?? null,
      disabled: false,
      createdAt: c.now.toISOString(),
      passwordHash,
    };
    await c.tx.insertUser(user);
    await c.audit({ action, resourceKind: 'user', resourceKey: user.id, after: publicUser(user) });
    return publicUser(user);
  }
}

/** An active admin for every project: who can manage people and projects. */
const managesEveryone = (user: StoredUser) =>
  user.role === 'admin' && user.projectKey === null && !user.disabled;

/**
 * Refuses to demote, scope or disable the last admin for every project: nobody could manage
 * people any more (short of the server's admin token), so the mistake is stopped at the API.
 */
async function requireAnotherAdmin(c: Commit, id: string): Promise<void> {
  if ((await c.tx.listUsers()).some((u) => u.id !== id && managesEveryone(u))) return;
  throw new ControlPlaneError(
    'LAST_ADMIN',
    'This is the last active admin for every project; make another user an admin for every project first',
  );
}

async function requireProject(c: Commit, projectKey: string): Promise<void> {
  if (!(await c.tx.getProject(projectKey))) throw notFound(`Project "${projectKey}"`);
}

function setupDone(): ControlPlaneError {
  return new ControlPlaneError(
    'SETUP_ALREADY_DONE',
    'Switchyard already has a user; sign in, or ask an admin to create your account',
  );
}
