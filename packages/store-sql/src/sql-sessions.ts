/** Sign-in sessions (the control plane's SessionStore), written outside the audited transactions. */
import type { Session, SessionStore } from '@switchyard/control-plane';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

export class SqlSessions implements SessionStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insertSession(secretHash: string, session: Session): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        secret_hash: secretHash,
        user_id: session.userId,
        csrf_token: session.csrfToken,
        created_at: session.createdAt,
        expires_at: session.expiresAt,
      })
      .execute();
  }

  async findSession(secretHash: string): Promise<Session | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('secret_hash', '=', secretHash)
      .executeTakeFirst();
    return (
      row && {
        userId: row.user_id,
        csrfToken: row.csrf_token,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
      }
    );
  }

  async deleteSession(secretHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('secret_hash', '=', secretHash).execute();
  }

  async pruneSessions(now: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  }
}
