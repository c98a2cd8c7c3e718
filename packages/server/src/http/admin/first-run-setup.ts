/**
 * The one-time setup token of a server that has no user yet: printed once at start as
 * a first-run link, kept in memory only, and forgotten when the first admin is created.
 * Each node that starts with no user makes its own; the admin API token works as well.
 */
import { timingSafeEqual } from 'node:crypto';

export class FirstRunSetup {
  constructor(private token: string | undefined) {}

  /** Whether `presented` is the live setup token. */
  matches(presented: string): boolean {
    if (this.token === undefined) return false;
    const a = Buffer.from(presented);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  used(): void {
    this.token = undefined;
  }
}
