import type { ProjectService } from '@switchyard/control-plane';
import { Type } from 'typebox';
import type { DeliveryRecord } from '../../delivery/stream-hub.js';
import { Key } from '../schemas.js';
import type { AdminApp } from './routes.js';

export interface DeliveryReport {
  readonly connectedStreams: number;
  /** Newest first. */
  readonly versions: readonly DeliveryRecord[];
}

/**
 * Proof of arrival: after pulling a kill switch, an operator sees how many of this
 * node's SDK streams the change was written to, and how long after the commit.
 */
export function deliveryRoutes(
  app: AdminApp,
  projects: ProjectService,
  delivery: (envId: string) => DeliveryReport,
): void {
  app.get(
    '/projects/:project/environments/:env/delivery',
    { schema: { params: Type.Object({ project: Key, env: Key }) } },
    async (request) => {
      const { project, env } = request.params;
      await projects.getEnvironment(project, env);
      return { node: process.pid, ...delivery(`${project}/${env}`) };
    },
  );
}
