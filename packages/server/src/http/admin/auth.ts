/**
 * Bearer-token authentication for the admin API, and the role each route needs:
 * reader for reads, writer for writes, admin for tokens, accounts and new projects.
 * A token scoped to a project may touch only that project.
 */
import type { Actor, Role, StoredToken, TokenService } from '@switchyard/control-plane';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../../errors.js';
import { SYSTEM_PROJECT_KEY } from '../../guard/system-project.js';

declare module 'fastify' {
  interface FastifyRequest {
    token: StoredToken | undefined;
  }
  interface FastifyContextConfig {
    /** The least role the route needs; default: reader for GET, writer otherwise. */
    role?: Role;
  }
}

const RANK: Record<Role, number> = { reader: 0, writer: 1, admin: 2 };
const SDK_CREDENTIAL = /^(sdk|mob)-[0-9a-f-]{36}$/;

export function actorOf(request: FastifyRequest): Actor {
  const token = request.token;
  if (!token) throw new ApiError('UNAUTHORIZED', 'Authentication required');
  return { kind: 'token', id: token.id, name: token.name };
}

function presentedToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (header === undefined || header === '') {
    throw new ApiError('UNAUTHORIZED', 'Send an API token as "Authorization: Bearer <token>"');
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const token = match?.[1] ?? header.trim();
  if (SDK_CREDENTIAL.test(token)) {
    // Never accept an SDK credential here, and say why, so the mistake is quick to fix.
    throw new ApiError('UNAUTHORIZED', 'That is an SDK or mobile key; the admin API needs an API token');
  }
  return token;
}

export function registerAuth(app: FastifyInstance, tokens: TokenService): void {
  app.decorateRequest('token', undefined);
  app.addHook('onRequest', async (request) => {
    const token = await tokens.authenticate(presentedToken(request));
    if (!token) throw new ApiError('UNAUTHORIZED', 'The API token is unknown or revoked');
    request.token = token;
    const needed = request.routeOptions.config.role ?? (request.method === 'GET' ? 'reader' : 'writer');
    if (RANK[token.role] < RANK[needed]) {
      throw new ApiError('FORBIDDEN', `This needs a token with the ${needed} role; yours has ${token.role}`);
    }
    const project = (request.params as Record<string, string | undefined>).project;
    if (token.projectKey !== null && project !== token.projectKey) {
      throw new ApiError('FORBIDDEN', `This token may only be used for project "${token.projectKey}"`);
    }
    // The platform's own operational flags steer ingest for every account.
    if (project === SYSTEM_PROJECT_KEY && request.method !== 'GET' && token.role !== 'admin') {
      throw new ApiError(
        'PROTECTED_RESOURCE',
        `Changes to the system project "${SYSTEM_PROJECT_KEY}" need an admin token`,
      );
    }
  });
}
