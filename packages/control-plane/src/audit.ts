import type { Actor, ResourceKind } from './domain.js';

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
