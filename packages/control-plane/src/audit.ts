import type { JsonValue } from '@switchyard/engine';
import type { Actor, ResourceKind } from './domain.js';
import type { StoreTransaction } from './store.js';

export const SYSTEM_ACTOR: Actor = Object.freeze({ kind: 'system', name: 'switchyard' });

export interface AuditRecord {
  readonly action: string;
  readonly resourceKind: ResourceKind;
  readonly projectKey?: string | null;
  readonly environmentKey?: string | null;
  readonly resourceKey: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Appends the audit entry of a write, in the write's own transaction. */
export function recordAudit(
  tx: StoreTransaction,
  at: Date,
  actor: Actor,
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
  });
}

function toJson(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}
