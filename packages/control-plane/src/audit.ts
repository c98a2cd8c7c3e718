import type { Actor, ResourceKind } from './domain.js';
import { ControlPlaneError } from './errors.js';

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

/** The longest reason a person may give for a change. */
export const MAX_COMMENT_LENGTH = 500;

/** What a write may carry besides its data, recorded on its audit entries. */
export interface WriteOptions {
  /** Why the change was made (at most MAX_COMMENT_LENGTH characters). */
  readonly comment?: string | undefined;
}

/** The comment as stored: trimmed, null when empty; COMMENT_TOO_LONG past the limit. */
export function checkComment(comment: string | undefined): string | null {
  const trimmed = comment?.trim() ?? '';
  if (trimmed.length > MAX_COMMENT_LENGTH) {
    throw new ControlPlaneError(
      'COMMENT_TOO_LONG',
      `The comment has ${trimmed.length} characters; at most ${MAX_COMMENT_LENGTH} are allowed`,
      [{ path: '/comment', message: `must have at most ${MAX_COMMENT_LENGTH} characters` }],
    );
  }
  return trimmed === '' ? null : trimmed;
}
