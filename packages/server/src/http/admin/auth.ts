/**
 * Authentication for the admin API (a bearer API token or a session cookie, see
 * principal.ts) and the role each route needs: reader for reads, writer for writes,
 * admin for tokens, users, accounts and new projects. A principal scoped to a project
 * may touch only that project. A write authenticated by cookie must echo the session's
 * CSRF token in `x-csrf-token`; a bearer token needs none (a browser never adds it).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Actor, Role } from '@switchyard/control-plane';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../../errors.js';
import { SYSTEM_PROJECT_KEY } from '../../guard/system-project.js';
import { authenticate, type Principal, type PrincipalSources } from './principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
  interface FastifyContextConfig {
    /** The least role the route needs; default: reader for GET, writer otherwise. */
    role?: Role;
    /** Open without authentication (sign-in, first-run setup). */
    public?: boolean;
    /** About the caller, not a project (`/me`), or filtered to their project itself: open to a scoped principal. */
    unscoped?: boolean;
  }
}

const RANK: Record<Role, number> = { reader: 0, writer: 1, admin: 2 };
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The request's principal; UNAUTHORIZED on a public route that has none. */
export function principalOf(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (!principal) throw new ApiError('UNAUTHORIZED', 'Authentication required');
  return principal;
}

/** Who made the request, as audit entries name them: the token, or the person signed in. */
export function actorOf(request: FastifyRequest): Actor {
  return principalOf(request).actor;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function checkCsrf(request: FastifyRequest, principal: Principal): void {
  if (principal.session === undefined || SAFE_METHODS.has(request.method)) return;
  const sent = request.headers['x-csrf-token'];
  if (typeof sent !== 'string' || !sameSecret(sent, principal.session.csrfToken)) {
    throw new ApiError(
      'CSRF_TOKEN_MISMATCH',
      'A write with a session cookie needs the header x-csrf-token with the csrfToken from sign-in or GET /api/v1/me',
    );
  }
}

function checkAccess(request: FastifyRequest, principal: Principal): void {
  const needed = request.routeOptions.config.role ?? (request.method === 'GET' ? 'reader' : 'writer');
  const who = principal.actor.kind === 'user' ? 'your account' : 'your token';
  if (RANK[principal.role] < RANK[needed]) {
    throw new ApiError('FORBIDDEN', `This needs the ${needed} role; ${who} has ${principal.role}`);
  }
  const project = (request.params as Record<string, string | undefined>).project;
  const scoped = principal.projectKey !== null && request.routeOptions.config.unscoped !== true;
  if (scoped && project !== principal.projectKey) {
    throw new ApiError('FORBIDDEN', `${who} may only be used for project "${principal.projectKey}"`);
  }
  // The platform's own operational flags steer ingest for every account.
  if (project === SYSTEM_PROJECT_KEY && request.method !== 'GET' && principal.role !== 'admin') {
    throw new ApiError(
      'PROTECTED_RESOURCE',
      `Changes to the system project "${SYSTEM_PROJECT_KEY}" need the admin role`,
    );
  }
}

export function registerAuth(app: FastifyInstance, sources: PrincipalSources): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.public === true) return;
    const principal = await authenticate(request, sources);
    request.principal = principal;
    checkCsrf(request, principal);
    checkAccess(request, principal);
  });
}
