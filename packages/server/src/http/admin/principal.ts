/**
 * Who is calling the admin API: an API token (bearer) or a signed-in user (session
 * cookie). Both carry a role and an optional project scope, and the same rules guard
 * both (auth.ts); audit entries name the token or the person.
 */
import {
  type Actor,
  publicUser,
  type Role,
  type SessionService,
  type StoreReads,
  type TokenService,
} from '@switchyard/control-plane';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../errors.js';
import { sessionSecretOf } from './session-cookie.js';

export interface Principal {
  readonly actor: Exclude<Actor, { kind: 'system' }>;
  readonly role: Role;
  readonly projectKey: string | null;
  /** Present when authenticated by a session cookie: its secret (to end it) and CSRF token. */
  readonly session?: { readonly secret: string; readonly csrfToken: string };
}

export interface PrincipalSources {
  readonly tokens: TokenService;
  readonly sessions: SessionService;
  readonly users: Pick<StoreReads, 'getUser'>;
}

const SDK_CREDENTIAL = /^(sdk|mob)-[0-9a-f-]{36}$/;

function presentedToken(header: string): string {
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const token = match?.[1] ?? header.trim();
  if (SDK_CREDENTIAL.test(token)) {
    // Never accept an SDK credential here, and say why, so the mistake is quick to fix.
    throw new ApiError('UNAUTHORIZED', 'That is an SDK or mobile key; the admin API needs an API token');
  }
  return token;
}

/** The request's principal; UNAUTHORIZED when it has none. A bearer token wins over a cookie. */
export async function authenticate(request: FastifyRequest, sources: PrincipalSources): Promise<Principal> {
  const header = request.headers.authorization;
  if (header !== undefined && header !== '') {
    const token = await sources.tokens.authenticate(presentedToken(header));
    if (!token) throw new ApiError('UNAUTHORIZED', 'The API token is unknown or revoked');
    return {
      actor: { kind: 'token', id: token.id, name: token.name },
      role: token.role,
      projectKey: token.projectKey,
    };
  }
  const secret = sessionSecretOf(request);
  if (secret === undefined) {
    throw new ApiError('UNAUTHORIZED', 'Sign in, or send an API token as "Authorization: Bearer <token>"');
  }
  const session = await sources.sessions.find(secret);
  const stored = session && (await sources.users.getUser(session.userId));
  if (!session || !stored || stored.disabled) {
    throw new ApiError('UNAUTHORIZED', 'Your session has ended; sign in again');
  }
  const user = publicUser(stored);
  return {
    actor: { kind: 'user', id: user.id, name: user.name, email: user.email },
    role: user.role,
    projectKey: user.projectKey,
    session: { secret, csrfToken: session.csrfToken },
  };
}
