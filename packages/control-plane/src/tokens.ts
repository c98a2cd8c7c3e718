import { recordAudit, SYSTEM_ACTOR } from './audit.js';
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
    const { clock, secrets, store } = this.deps;
    const now = clock.now();
    const secret = secrets.newApiToken();
    const token: ApiToken = {
      id: secrets.hashToken(`${secret}:id`).slice(0, 16),
      name: input.name,
      role: input.role,
      projectKey: input.projectKey ?? null,
      createdAt: now.toISOString(),
    };
    await store.transaction(async (tx) => {
      if (token.projectKey !== null && !(await tx.getProject(token.projectKey)))
        throw notFound(`Project "${token.projectKey}"`);
      await tx.insertToken(token, secrets.hashToken(secret));
      await recordAudit(tx, now, actor, {
        action: 'token.create',
        resourceKind: 'token',
        resourceKey: token.id,
        after: token,
      });
    });
    return { token, secret };
  }

  /**
   * Makes `secret` a working admin token (the SWITCHYARD_ADMIN_TOKEN bootstrap).
   * Returns false when it already was one.
   */
  async ensureBootstrapToken(secret: string): Promise<boolean> {
    const { clock, secrets, store } = this.deps;
    const hash = secrets.hashToken(secret);
    if (await store.findTokenByHash(hash)) return false;
    const now = clock.now();
    const token: ApiToken = {
      id: hash.slice(0, 16),
      name: 'bootstrap admin',
      role: 'admin',
      projectKey: null,
      createdAt: now.toISOString(),
    };
    await store.transaction(async (tx) => {
      await tx.insertToken(token, hash);
      await recordAudit(tx, now, SYSTEM_ACTOR, {
        action: 'token.create',
        resourceKind: 'token',
        resourceKey: token.id,
        after: token,
      });
    });
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
    const now = this.deps.clock.now();
    await this.deps.store.transaction(async (tx) => {
      if (!(await tx.revokeToken(id))) throw notFound(`Token "${id}"`);
      await recordAudit(tx, now, actor, { action: 'token.revoke', resourceKind: 'token', resourceKey: id });
    });
  }
}

/** Whether any token exists yet (first start prints a new admin token). */
export async function hasAnyToken(deps: Pick<ControlPlaneDeps, 'store'>): Promise<boolean> {
  return (await deps.store.listTokens()).length > 0;
}
