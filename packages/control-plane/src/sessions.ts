/**
 * Dashboard sign-in sessions. The cookie carries a random secret; the store keeps only
 * its hash, with the user, a CSRF token and an expiry. Sessions are not audited writes:
 * they live in their own small store port.
 */
import type { Clock, Secrets } from './ports.js';
import type { Session, SessionStore } from './store.js';

export interface SessionServiceOptions {
  readonly store: SessionStore;
  readonly clock: Clock;
  readonly secrets: Secrets;
  /** How long a session lasts from sign-in. */
  readonly lifetimeMs: number;
}

export interface StartedSession {
  /** The cookie's value; shown once, only its hash is stored. */
  readonly secret: string;
  readonly session: Session;
}

export class SessionService {
  constructor(private readonly options: SessionServiceOptions) {}

  async start(userId: string): Promise<StartedSession> {
    const { store, clock, secrets, lifetimeMs } = this.options;
    const now = clock.now();
    // Expired sessions are swept as new ones begin, so the table stays the size of its live sessions.
    await store.pruneSessions(now.toISOString());
    const secret = secrets.newApiToken();
    const session: Session = {
      userId,
      csrfToken: secrets.newApiToken(),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + lifetimeMs).toISOString(),
    };
    await store.insertSession(secrets.hashToken(secret), session);
    return { secret, session };
  }

  /** The live session of a cookie's secret, or undefined (unknown, ended or expired). */
  async find(secret: string): Promise<Session | undefined> {
    const { store, clock, secrets } = this.options;
    const session = await store.findSession(secrets.hashToken(secret));
    if (!session || session.expiresAt <= clock.now().toISOString()) return undefined;
    return session;
  }

  async end(secret: string): Promise<void> {
    await this.options.store.deleteSession(this.options.secrets.hashToken(secret));
  }
}
