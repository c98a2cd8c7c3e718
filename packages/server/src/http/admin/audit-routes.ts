import type { AuditFilter, StoreReads } from '@switchyard/control-plane';
import { Type } from 'typebox';
import { ApiError } from '../../errors.js';
import { Key } from '../schemas.js';
import type { AdminApp } from './routes.js';

const AuditQuery = Type.Object({
  project: Type.Optional(Key),
  flag: Type.Optional(Key),
  segment: Type.Optional(Key),
  account: Type.Optional(Key),
  actor: Type.Optional(Type.String({ maxLength: 256 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  before: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});

export function auditRoutes(app: AdminApp, store: Pick<StoreReads, 'listAudit'>): void {
  app.get('/audit', { schema: { querystring: AuditQuery } }, async (request) => {
    const q = request.query;
    const scope = request.principal?.projectKey ?? null;
    if (scope !== null && q.project !== undefined && q.project !== scope) {
      throw new ApiError('FORBIDDEN', `You may only read the audit log of project "${scope}"`);
    }
    if ([q.flag, q.segment, q.account].filter(Boolean).length > 1) {
      throw new ApiError('VALIDATION_FAILED', 'Filter by one of flag, segment or account');
    }
    if ((q.flag || q.segment) && !(q.project ?? scope)) {
      throw new ApiError('VALIDATION_FAILED', 'Filtering by flag or segment needs ?project= as well');
    }
    const project = q.project ?? scope ?? undefined;
    const filter: AuditFilter = {
      limit: q.limit ?? 100,
      ...(project === undefined ? {} : { projectKey: project }),
      ...(q.flag ? { resourceKind: 'flag' as const, resourceKey: q.flag } : {}),
      ...(q.segment ? { resourceKind: 'segment' as const, resourceKey: q.segment } : {}),
      ...(q.account ? { resourceKind: 'account' as const, resourceKey: q.account } : {}),
      ...(q.actor ? { actor: q.actor } : {}),
      ...(q.from ? { from: new Date(q.from).toISOString() } : {}),
      ...(q.to ? { to: new Date(q.to).toISOString() } : {}),
      ...(q.before ? { beforeId: q.before } : {}),
    };
    const items = await store.listAudit(filter);
    const last = items.at(-1);
    return { items, ...(items.length === filter.limit && last ? { next: last.id } : {}) };
  });
}
