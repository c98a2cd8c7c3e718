/**
 * The one way the control plane writes. `commit` opens a store transaction and hands
 * the use case a `Commit`: its writes, its audit entries and its change records all
 * land in that transaction or none of them do, and a commit that records no audit
 * entry is refused (rolled back) as a programming error.
 */
import type { JsonValue } from '@switchyard/engine';
import { type AuditRecord, checkComment, type WriteOptions } from './audit.js';
import type { ControlPlaneDeps } from './deps.js';
import type { Actor, Change } from './domain.js';
import { alreadyExists, notFound, versionConflict } from './errors.js';
import type { StoreTransaction } from './store.js';

/** Something SDKs receive: a flag's targeting in one environment, or a segment. */
export interface SdkItem<T extends { readonly version: number }> {
  readonly kind: Change['kind'];
  readonly projectKey: string;
  readonly environmentKey: string;
  readonly key: string;
  /** Names the item in NOT_FOUND and ALREADY_EXISTS errors. */
  readonly name: string;
  /** Names the item in VERSION_CONFLICT errors. */
  readonly shortName: string;
  read(tx: StoreTransaction): Promise<T | undefined>;
  write(tx: StoreTransaction, value: T): Promise<void>;
  remove(tx: StoreTransaction): Promise<void>;
}

/** One change of one SDK item (see `Commit.change`). */
export interface ItemChange<T extends { readonly version: number }, A extends T | null | undefined> {
  readonly item: SdkItem<T>;
  /** Refuses the change unless the item exists (`true`: NOT_FOUND) or does not (`false`: ALREADY_EXISTS). */
  readonly exists?: boolean;
  /** The version the caller last saw; a missing item is NOT_FOUND, another version a VERSION_CONFLICT. */
  readonly expectedVersion?: number | undefined;
  /**
   * The item's new state at `version`: a value to write, `null` to remove it, or
   * `undefined` to leave it alone (the version is spent, nothing is recorded). It
   * validates and throws a ControlPlaneError to refuse.
   */
  readonly apply: (before: T | undefined, version: number) => A | Promise<A>;
  /** Whether SDKs see the written item as deleted (the targeting of an archived flag). */
  readonly deleted?: boolean;
  /** The audit action of this item; omitted when one entry covers several items (creating a flag). */
  readonly audit?: string;
  /**
   * False for a new environment's first data: its snapshot is built whole when the
   * environment first appears, so there is no change to announce.
   */
  readonly record?: boolean;
}

export interface Commit {
  readonly tx: StoreTransaction;
  /** The time of the whole commit, stamped on every entry it records. */
  readonly now: Date;
  /** Appends an audit entry with this commit's time and actor. */
  audit(record: AuditRecord): Promise<void>;
  /**
   * Changes one SDK item: takes its environment's next data version first (locking
   * the environment, so the read that follows cannot be stale), reads the item,
   * checks `exists` and `expectedVersion`, applies the change, writes or removes
   * the item, records the change and, with `audit`, the audit entry.
   */
  change<T extends { readonly version: number }, A extends T | null | undefined>(
    change: ItemChange<T, A>,
  ): Promise<A>;
}

/** Runs `work` as one commit by `actor`, its audit entries carrying `options.comment`; see the module comment. */
export async function commit<R>(
  deps: Pick<ControlPlaneDeps, 'store' | 'clock'>,
  actor: Actor,
  work: (commit: Commit) => Promise<R>,
  options: WriteOptions = {},
): Promise<R> {
  const comment = checkComment(options.comment);
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    let audited = false;
    const unit: Commit = {
      tx,
      now,
      audit: (record) => {
        audited = true;
        return recordAudit(tx, { at: now, actor, comment }, record);
      },
      change: (change) => changeItem(unit, change),
    };
    const result = await work(unit);
    if (!audited) throw new Error('A control-plane commit must record an audit entry; nothing was written');
    return result;
  });
}

async function changeItem<T extends { readonly version: number }, A extends T | null | undefined>(
  unit: Commit,
  { item, exists, expectedVersion, apply, deleted = false, audit, record = true }: ItemChange<T, A>,
): Promise<A> {
  const { tx, now } = unit;
  const version = await tx.nextDataVersion(item.projectKey, item.environmentKey);
  const before = await item.read(tx);
  if (!before && (exists === true || expectedVersion !== undefined)) throw notFound(item.name);
  if (before && exists === false) throw alreadyExists(item.name);
  if (before && expectedVersion !== undefined && expectedVersion !== before.version)
    throw versionConflict(item.shortName, expectedVersion, before.version);
  const after = await apply(before, version);
  if (after === undefined) return after;
  if (after === null) await item.remove(tx);
  else await item.write(tx, after);
  if (record) {
    await tx.appendChange({
      projectKey: item.projectKey,
      environmentKey: item.environmentKey,
      kind: item.kind,
      key: item.key,
      version,
      deleted: after === null || deleted,
      at: now.toISOString(),
    });
  }
  if (audit !== undefined) {
    await unit.audit({
      action: audit,
      resourceKind: item.kind,
      projectKey: item.projectKey,
      environmentKey: item.environmentKey,
      resourceKey: item.key,
      before,
      after: after ?? undefined,
    });
  }
  return after;
}

/** Appends the audit entry of a write, in the write's own transaction. */
function recordAudit(
  tx: StoreTransaction,
  { at, actor, comment }: { at: Date; actor: Actor; comment: string | null },
  record: AuditRecord,
): Promise<void> {
  return tx.appendAudit({
    at: at.toISOString(),
    actor,
    action: record.action,
    resourceKind: record.resourceKind,
    projectKey: record.projectKey ?? null,
    environmentKey: record.environmentKey ?? null,
    resourceKey: record.resourceKey,
    before: toJson(record.before),
    after: toJson(record.after),
    comment,
  });
}

function toJson(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}
