/**
 * Signing in and out of the dashboard, who am I, changing one's own password, and the
 * first-run setup that creates the first admin. Sign-in failures are throttled per email
 * and per client address, and an unknown email is answered exactly like a wrong password.
 */
import type { Role, SessionService, TokenService, User, UserService } from '@switchyard/control-plane';
import { type Static, Type } from 'typebox';
import { ApiError } from '../../errors.js';
import { principalOf } from './auth.js';
import type { FirstRunSetup } from './first-run-setup.js';
import type { AdminApp } from './routes.js';
import { type CookieOptions, sessionCookie } from './session-cookie.js';
import type { SignInThrottle } from './sign-in-throttle.js';

export interface SessionRoutesDeps {
  readonly users: UserService;
  readonly sessions: SessionService;
  readonly tokens: TokenService;
  readonly throttle: SignInThrottle;
  readonly setup: FirstRunSetup;
  readonly cookie: CookieOptions;
}

const Email = Type.String({ minLength: 3, maxLength: 320, pattern: '^[^\\s@]+@[^\\s@]+$' });
const Password = Type.String({ minLength: 1, maxLength: 1024 });
export const SignInBody = Type.Object({ email: Email, password: Password }, { additionalProperties: false });
export const SetupBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 256 }),
    email: Email,
    name: Type.String({ minLength: 1, maxLength: 256 }),
    password: Password,
  },
  { additionalProperties: false },
);
export const PasswordChangeBody = Type.Object(
  { current: Password, next: Password },
  { additionalProperties: false },
);

const invalidCredentials = () => new ApiError('INVALID_CREDENTIALS', 'The email or password is not right');

export type SignInBody = Static<typeof SignInBody>;
export type SetupBody = Static<typeof SetupBody>;
export type PasswordChangeBody = Static<typeof PasswordChangeBody>;

/** What sign-in and a password change answer: the session's CSRF token goes on every cookie write. */
export interface SessionBody {
  readonly user: User;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

/** `GET /me`: the person or token calling, with its role and scope (and CSRF token for a session). */
export interface MeBody {
  readonly kind: 'user' | 'token';
  readonly id: string;
  readonly name: string;
  readonly email?: string;
  readonly role: Role;
  readonly projectKey: string | null;
  readonly csrfToken?: string;
}

export function sessionRoutes(app: AdminApp, deps: SessionRoutesDeps): void {
  const { users, sessions, throttle } = deps;

  /** Starts a session for `user`, sets its cookie and answers what the dashboard needs. */
  const signIn = async (
    user: User,
    reply: { header(name: string, value: string): unknown },
  ): Promise<SessionBody> => {
    const { secret, session } = await sessions.start(user.id);
    reply.header('set-cookie', sessionCookie(secret, new Date(session.expiresAt), deps.cookie));
    return { user, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  };

  app.post('/sign-in', { config: { public: true }, schema: { body: SignInBody } }, async (request, reply) => {
    const email = request.body.email.trim().toLowerCase();
    const now = Date.now();
    const wait = throttle.retryAfter(email, request.ip, now);
    if (wait !== undefined) {
      throw new ApiError(
        'SIGN_IN_THROTTLED',
        `Too many failed sign-ins; try again in ${wait} seconds`,
        undefined,
        { 'retry-after': String(wait) },
      );
    }
    const user = await users.verifyCredentials(email, request.body.password);
    if (!user) {
      throttle.failed(email, request.ip, now);
      throw invalidCredentials();
    }
    throttle.succeeded(email);
    if (user.disabled)
      throw new ApiError('USER_DISABLED', 'This account is disabled; ask an admin to enable it');
    return signIn(await users.get(user.id), reply);
  });

  app.post('/sign-out', { config: { role: 'reader', unscoped: true } }, async (request, reply) => {
    const session = principalOf(request).session;
    if (session) await sessions.end(session.secret);
    reply.header('set-cookie', sessionCookie('', new Date(0), deps.cookie));
    return reply.status(204).send();
  });

  app.get('/me', { config: { unscoped: true } }, async (request): Promise<MeBody> => {
    const { actor, role, projectKey, session } = principalOf(request);
    return {
      kind: actor.kind,
      id: actor.id,
      name: actor.name,
      ...(actor.kind === 'user' ? { email: actor.email } : {}),
      role,
      projectKey,
      ...(session ? { csrfToken: session.csrfToken } : {}),
    };
  });

  app.post(
    '/me/password',
    { config: { role: 'reader', unscoped: true }, schema: { body: PasswordChangeBody } },
    async (request, reply) => {
      const principal = principalOf(request);
      if (principal.actor.kind !== 'user') {
        throw new ApiError(
          'FORBIDDEN',
          'Only a signed-in user has a password; API tokens are rotated by creating a new one',
        );
      }
      await users.changePassword(
        principal.actor.id,
        request.body.current,
        request.body.next,
        principal.actor,
      );
      // Every session ended with the old password; this one goes on as a new session.
      return signIn(await users.get(principal.actor.id), reply);
    },
  );

  app.post('/setup', { config: { public: true }, schema: { body: SetupBody } }, async (request, reply) => {
    if (await users.hasAnyUser()) {
      throw new ApiError('SETUP_ALREADY_DONE', 'Switchyard already has a user; sign in instead');
    }
    const { token, email, name, password } = request.body;
    const adminToken = deps.setup.matches(token) ? undefined : await deps.tokens.authenticate(token);
    if (!deps.setup.matches(token) && !(adminToken?.role === 'admin' && adminToken.projectKey === null)) {
      throw new ApiError(
        'SETUP_TOKEN_INVALID',
        'Use the setup link printed at first start, or the admin API token',
      );
    }
    const user = await users.setup({ email, name, password });
    deps.setup.used();
    return reply.status(201).send({ user });
  });
}
