/**
 * Which account owns each project, and each account's plan and limits, in memory, so
 * ingest never reads the database per request. Reloaded after every local commit, on
 * a timer (changes made on other nodes), and when an unknown project shows up.
 */
import type { Account, StoreReads } from '@switchyard/control-plane';

type Reads = Pick<StoreReads, 'listAccounts' | 'listProjects'>;

export class AccountDirectory {
  private accounts = new Map<string, Account>();
  private owners = new Map<string, string>();
  private loading: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(private readonly store: Reads) {}

  /**
   * Reloads. A call made while a load runs waits for one more load after it (that one
   * may have read before the caller's commit); callers meanwhile share it.
   */
  refresh(): Promise<void> {
    if (this.loading === undefined) {
      this.loading = this.load().finally(() => {
        this.loading = undefined;
      });
      return this.loading;
    }
    this.queued ??= this.loading
      .catch(() => {})
      .then(() => {
        this.queued = undefined;
        return this.refresh();
      });
    return this.queued;
  }

  account(key: string): Account | undefined {
    return this.accounts.get(key);
  }

  /** The account owning a project; reloads once when the project is not known yet. */
  async accountFor(projectKey: string): Promise<Account | undefined> {
    const known = this.ownerOf(projectKey);
    if (known !== undefined) return known;
    await this.refresh().catch(() => {});
    return this.ownerOf(projectKey);
  }

  /** The account owning a project, if known, without waiting. */
  ownerOf(projectKey: string): Account | undefined {
    const key = this.owners.get(projectKey);
    return key === undefined ? undefined : this.accounts.get(key);
  }

  private async load(): Promise<void> {
    const [accounts, projects] = await Promise.all([this.store.listAccounts(), this.store.listProjects()]);
    this.accounts = new Map(accounts.map((a) => [a.key, a]));
    this.owners = new Map(projects.map((p) => [p.key, p.accountKey]));
  }
}
