/** GET /projects/:project/changes: the project's audit entries as server-sent events, live (audit-feed.ts). */
import type { ProjectService } from '@switchyard/control-plane';
import { Type } from 'typebox';
import { Key } from '../schemas.js';
import type { AuditFeed } from './audit-feed.js';
import { principalOf } from './auth.js';
import type { AdminApp } from './routes.js';

export function changeRoutes(app: AdminApp, projects: ProjectService, feed: AuditFeed): void {
  app.get(
    '/projects/:project/changes',
    { schema: { params: Type.Object({ project: Key }) } },
    async (request, reply) => {
      const { actor } = principalOf(request);
      await projects.get(request.params.project);
      const principal = `${actor.kind}:${actor.id}`;
      feed.refuseIfFull(principal);
      await feed.prepare();
      reply.hijack();
      feed.open(request.params.project, principal, reply.raw);
    },
  );
}
