import { SYSTEM_ACTOR } from './audit.js';
import { type Commit, commit } from './commit.js';
import type { ControlPlaneDeps } from './deps.js';
import type { Actor, ApiToken, Role } from './domain.js';
import { notFound } from './errors.js';
import type { StoredToken } from './store.js';

export interface NewToken {
  readonly name: string;
  readonly role: Role;
  readonly projectKey?: string | null;
}

export class TokenService {
  constructor(private readonly deps: ControlPlaneDeps) {}

  /** Creates a token; the plain token is returned once and only its hash is stored. */
  async create(input: NewToken, actor: Actor): Promise<{ token: ApiToken; secret: string }> {
    const { secrets } = this.deps;
    const secret = secrets.newApiToken();
    const token = await commit(this.deps, actor, async (c) => {
      const token: ApiToken = {
        id: secrets.hashToken(`${secret}:id`).slice(0, 16),
        name: input.name,
        role: input.role,
        projectKey: input.projectKey ?? null,
        createdAt: c.now.toISOString(),
      };
      if (token.projectKey !== null && !(await c.tx.getProject(token.projectKey)))
        throw notFound(`Project "${token.projectKey}"`);
      await insertToken(c, token, secrets.hashToken(secret));
      return token;
    });
    return { token, secret };
  }

  /**
   * Makes `secret` a working admin token (the SWITCHYARD_ADMIN_TOKEN bootstrap).
   * Returns false when it already was one.
   */
  async ensureBootstrapToken(secret: string): Promise<boolean> {
    const hash = this.deps.secrets.hashToken(secret);
    if (await this.deps.store.findTokenByHash(hash)) return false;
    await commit(this.deps, SYSTEM_ACTOR, (c) =>
      insertToken(
        c,
        {
          id: hash.slice(0, 16),
          name: 'bootstrap admin',
          role: 'admin',
          projectKey: null,
          createdAt: c.now.toISOString(),
        },
        hash,
      ),
    );
    return true;
  }

  /** The live token for a presented secret, or undefined (unknown or revoked). */
  async authenticate(secret: string): Promise<StoredToken | undefined> {
    const token = await this.deps.store.findTokenByHash(this.deps.secrets.hashToken(secret));
    return token && !token.revoked ? token : undefined;
  }

  list(): Promise<StoredToken[]> {
    return this.deps.store.listTokens();
  }

  async revoke(id: string, actor: Actor): Promise<void> {
    await commit(this.deps, actor, async (c) => {
      if (!(await c.tx.revokeToken(id))) throw notFound(`Token "${id}"`);
      await c.audit({ action: 'token.revoke', resourceKind: 'token', resourceKey: id });
    });
  }
}

async function insertToken(c: Commit, token: ApiToken, tokenHash: string): Promise<void> {
  await c.tx.insertToken(token, tokenHash);
  await c.audit({ action: 'token.create', resourceKind: 'token', resourceKey: token.id, after: token });
}

/** Whether any token exists yet (first start prints a new admin token). */
export async function hasAnyToken(deps: Pick<ControlPlaneDeps, 'store'>): Promise<boolean> {
  return (await deps.store.listTokens()).length > 0;
}
